using System.Text.Json;
using Billing.Data;
using Messaging.Contracts;

namespace Billing.Outbox;

/// <summary>
/// Adds events to the outbox in the caller's unit of work, so an event exists exactly when the
/// ledger change that raised it was committed.
/// </summary>
public sealed class OutboxWriter(BillingDbContext db, TimeProvider time)
{
    public void Add(string stream, IIntegrationEvent integrationEvent)
    {
        db.Outbox.Add(new OutboxMessage
        {
            EventId = Guid.CreateVersion7(),
            Stream = stream,
            EventType = integrationEvent.GetType().Name,
            Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), JsonSerializerOptions.Web),
            CreatedAt = time.GetUtcNow(),
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
