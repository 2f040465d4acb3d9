using Microsoft.EntityFrameworkCore;

namespace Messaging.Outbox;

public static class OutboxModel
{
    /// <summary>
    /// The outbox table in the context's default schema: id (identity, the relay's order),
    /// event_id, stream, event_type, payload (jsonb), created_at, sent_at, attempts, last_error.
    /// Its indexes (unique event_id, pending rows by id) are created by the owning schema's migrations.
    /// </summary>
    public static ModelBuilder MapOutbox(this ModelBuilder modelBuilder, string table = "outbox")
    {
        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable(table);
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            message.Property(m => m.EventId).HasColumnName("event_id");
            message.Property(m => m.Stream).HasColumnName("stream");
            message.Property(m => m.EventType).HasColumnName("event_type");
            message.Property(m => m.Payload).HasColumnName("payload").HasColumnType("jsonb");
            message.Property(m => m.CreatedAt).HasColumnName("created_at");
            message.Property(m => m.SentAt).HasColumnName("sent_at");
            message.Property(m => m.Attempts).HasColumnName("attempts");
            message.Property(m => m.LastError).HasColumnName("last_error");
        });
        return modelBuilder;
    }
}
