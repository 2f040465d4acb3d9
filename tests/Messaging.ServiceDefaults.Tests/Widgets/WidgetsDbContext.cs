using Microsoft.EntityFrameworkCore;

namespace Messaging.ServiceDefaults.Tests.Widgets;

/// <summary>A schema of its own with two real `dotnet ef` migrations, to test how services apply theirs.</summary>
public sealed class WidgetsDbContext(DbContextOptions<WidgetsDbContext> options) : DbContext(options)
{
    public const string Schema = "widgets";

    public DbSet<Widget> Widgets => Set<Widget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Widget>(widget =>
        {
            widget.ToTable("widgets");
            widget.Property(w => w.Id).HasColumnName("id");
            widget.Property(w => w.Name).HasColumnName("name");
            widget.Property(w => w.Colour).HasColumnName("colour");
        });
    }
}
