using Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Billing.Data;

/// <summary>The "billing" schema; its EF Core migrations are in Data/Migrations.</summary>
public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options), IOutboxContext
{
    public const string Schema = "billing";

    public DbSet<Balance> Balances => Set<Balance>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<Reservation> Reservations => Set<Reservation>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Balance>(balance =>
        {
            balance.ToTable("balances");
            balance.HasKey(b => b.WorkspaceId);
            balance.Property(b => b.WorkspaceId).HasColumnName("workspace_id");
            balance.Property(b => b.Available).HasColumnName("available");
            balance.Property(b => b.Reserved).HasColumnName("reserved");
            balance.Property(b => b.LowThreshold).HasColumnName("low_threshold");
            balance.Property(b => b.LowNotified).HasColumnName("low_notified");
            balance.Property(b => b.ExhaustedNotified).HasColumnName("exhausted_notified");
            balance.Property(b => b.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            entry.Property(e => e.WorkspaceId).HasColumnName("workspace_id");
            entry.Property(e => e.Kind).HasColumnName("kind").HasConversion(LowerCase<LedgerEntryKind>());
            entry.Property(e => e.AvailableDelta).HasColumnName("available_delta");
            entry.Property(e => e.ReservedDelta).HasColumnName("reserved_delta");
            entry.Property(e => e.AvailableAfter).HasColumnName("available_after");
            entry.Property(e => e.ReservedAfter).HasColumnName("reserved_after");
            entry.Property(e => e.TurnId).HasColumnName("turn_id");
            entry.Property(e => e.IdempotencyKey).HasColumnName("idempotency_key");
            entry.Property(e => e.Actor).HasColumnName("actor");
            entry.Property(e => e.Reason).HasColumnName("reason");
            entry.Property(e => e.CreatedAt).HasColumnName("created_at");
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(r => r.TurnId);
            reservation.Property(r => r.TurnId).HasColumnName("turn_id");
            reservation.Property(r => r.WorkspaceId).HasColumnName("workspace_id");
            reservation.Property(r => r.Credits).HasColumnName("credits");
            reservation.Property(r => r.State).HasColumnName("state").HasConversion(LowerCase<ReservationState>());
            reservation.Property(r => r.ReservedAt).HasColumnName("reserved_at");
            reservation.Property(r => r.ExpiresAt).HasColumnName("expires_at");
            reservation.Property(r => r.SettledAt).HasColumnName("settled_at");
        });

        modelBuilder.MapOutbox();
    }

    // The SQL CHECK constraints spell states in lower case.
    static ValueConverter<TEnum, string> LowerCase<TEnum>() where TEnum : struct, Enum =>
        new(value => value.ToString().ToLowerInvariant(), text => Enum.Parse<TEnum>(text, true));
}
