using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>Where an event came from and how often it was delivered.</summary>
public sealed record EventContext(
    EventEnvelope Envelope,
    string Stream,
    string Group,
    string EntryId,
    long DeliveryCount)
{
    /// <summary>The envelope id: the same on every delivery and replay; the key for idempotency.</summary>
    public string EventId => Envelope.Id;

    public string? WorkspaceId => Envelope.WorkspaceId;
}
