namespace Messaging.Outbox;

/// <summary>An event committed with the change that raised it, waiting for (or kept after) its relay.</summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }
    public Guid EventId { get; init; }
    public required string Stream { get; init; }
    public required string EventType { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the relay delivered it; delivered rows are purged after <see cref="OutboxOptions.Retention"/>.</summary>
    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
