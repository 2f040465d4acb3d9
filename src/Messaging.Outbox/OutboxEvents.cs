using System.Text.Json;
using Messaging.Contracts;
using Messaging.Streams.Bus;

namespace Messaging.Outbox;

/// <summary>
/// The event types one outbox carries, by the name the writer records, each with a typed publish
/// (the bus serializes and wraps the concrete event type).
/// </summary>
public sealed class OutboxEvents
{
    readonly Dictionary<string, Func<IEventPublisher, OutboxMessage, string, TimeSpan, CancellationToken, Task>> _publishers = new(StringComparer.Ordinal);

    public OutboxEvents Add<TEvent>() where TEvent : IIntegrationEvent
    {
        _publishers[EventSerializer.TypeName<TEvent>()] = async (publisher, message, key, window, cancellationToken) =>
        {
            var integrationEvent = JsonSerializer.Deserialize<TEvent>(message.Payload, OutboxJson.Options)
                ?? throw new InvalidOperationException($"Outbox event {message.EventId} has an empty payload.");
            await publisher.PublishOnceAsync(message.Stream, integrationEvent, key, window, cancellationToken).ConfigureAwait(false);
        };
        return this;
    }

    public bool Knows(Type eventType) => _publishers.ContainsKey(EventSerializer.TypeName(eventType));

    internal Task PublishAsync(IEventPublisher publisher, OutboxMessage message, string deduplicationKey, TimeSpan window, CancellationToken cancellationToken) =>
        _publishers.TryGetValue(message.EventType, out var publish)
            ? publish(publisher, message, deduplicationKey, window, cancellationToken)
            : throw new InvalidOperationException($"Outbox event {message.EventId} has type {message.EventType}, which this outbox does not carry.");
}
