using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Tenancy.Secrets;

/// <summary>
/// Maps Data Protection's <see cref="DataProtectionKey"/> onto the key-ring table the product has
/// always had (<c>data_protection_keys</c>: id, friendly_name, xml, created_at), so the keys
/// written before the EF store stay where they are and stay readable: nothing to copy.
/// Shared by the reading context and by the tenancy model whose migrations own the table.
/// </summary>
public static class KeyRingTable
{
    public const string Name = "data_protection_keys";

    public static void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable(Name);
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            key.Property(k => k.FriendlyName).HasColumnName("friendly_name").IsRequired();
            key.HasIndex(k => k.FriendlyName).IsUnique().HasDatabaseName("data_protection_keys_friendly_name_key");
            key.Property(k => k.Xml).HasColumnName("xml").IsRequired();
            key.Property<DateTimeOffset>("CreatedAt").HasColumnName("created_at").HasDefaultValueSql("now()");
        });
    }
}
