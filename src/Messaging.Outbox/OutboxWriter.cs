using System.Text.Json;
using Messaging.Contracts;
using Messaging.Streams.Bus;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Outbox;

/// <summary>
/// Adds events to the outbox in the caller's unit of work, so an event exists exactly when the
/// change that raised it was committed. After the commit, call <see cref="OutboxSignal.Notify"/>.
/// </summary>
public sealed class OutboxWriter<TContext>(TContext db, OutboxRegistration registration, TimeProvider time)
    where TContext : DbContext, IOutboxContext
{
    public void Add(string stream, IIntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        // Refused here rather than at relay time, where an unknown row would hold up every later event.
        if (!registration.Events.Knows(type))
        {
            throw new InvalidOperationException($"The {registration.Name} outbox does not carry {type.Name}: add it where the outbox is registered.");
        }
        var now = time.GetUtcNow();
        db.Outbox.Add(new OutboxMessage
        {
            EventId = Guid.CreateVersion7(now),
            Stream = stream,
            EventType = EventSerializer.TypeName(type),
            Payload = JsonSerializer.Serialize(integrationEvent, type, OutboxJson.Options),
            CreatedAt = now,
        });
    }

    public void AddRange(string stream, IEnumerable<IIntegrationEvent> integrationEvents)
    {
        foreach (var integrationEvent in integrationEvents)
        {
            Add(stream, integrationEvent);
        }
    }
}
