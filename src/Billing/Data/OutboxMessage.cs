namespace Billing.Data;

/// <summary>An event committed with the ledger change that raised it, waiting for the relay.</summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }
    public Guid EventId { get; init; }
    public required string Stream { get; init; }
    public required string EventType { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
