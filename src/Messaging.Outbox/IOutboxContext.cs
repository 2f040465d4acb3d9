using Microsoft.EntityFrameworkCore;

namespace Messaging.Outbox;

/// <summary>A service's DbContext that holds an outbox table (mapped with <see cref="OutboxModel.MapOutbox"/>).</summary>
public interface IOutboxContext
{
    DbSet<OutboxMessage> Outbox { get; }
}
