using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>
/// Handles one event type for a consumer group. Delivery is at-least-once: make the effect
/// idempotent on <see cref="EventContext.EventId"/>. Returning acknowledges the entry;
/// throwing leaves it pending for another delivery, up to the group's maximum, then it is
/// dead-lettered. Resolved from a fresh DI scope per entry.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken);
}
