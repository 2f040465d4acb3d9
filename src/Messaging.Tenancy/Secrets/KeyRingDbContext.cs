using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Tenancy.Secrets;

/// <summary>
/// Data Protection's EF Core key store on <c>tenancy.data_protection_keys</c>, for every service
/// that decrypts tenant secrets. The table belongs to Admin's tenancy migrations; this context
/// has no migrations of its own.
/// </summary>
public sealed class KeyRingDbContext(DbContextOptions<KeyRingDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string Schema = "tenancy";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        KeyRingTable.Map(modelBuilder);
    }
}
