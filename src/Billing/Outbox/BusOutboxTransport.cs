using System.Text.Json;
using Billing.Data;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Billing.Outbox;

/// <summary>Sends outbox events through the streams bus, which wraps them in the standard envelope.</summary>
public sealed class BusOutboxTransport(IEventPublisher publisher) : IOutboxTransport
{
    static readonly TimeSpan DeduplicationWindow = TimeSpan.FromDays(1);

    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken) => message.EventType switch
    {
        nameof(CreditsGranted) => PublishAsync<CreditsGranted>(message, cancellationToken),
        nameof(CreditsLow) => PublishAsync<CreditsLow>(message, cancellationToken),
        nameof(CreditsExhausted) => PublishAsync<CreditsExhausted>(message, cancellationToken),
        _ => throw new InvalidOperationException($"Outbox event {message.EventId} has unknown type {message.EventType}."),
    };

    async Task PublishAsync<TEvent>(OutboxMessage message, CancellationToken cancellationToken) where TEvent : Messaging.Contracts.IIntegrationEvent
    {
        var integrationEvent = JsonSerializer.Deserialize<TEvent>(message.Payload, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Outbox event {message.EventId} has an empty payload.");
        // A relay that crashed between the append and marking the row sent appends it again:
        // keyed by the outbox event id, the second append is dropped instead of doubling the event.
        await publisher.PublishOnceAsync(message.Stream, integrationEvent, "billing:outbox:" + message.EventId, DeduplicationWindow, cancellationToken);
    }
}
