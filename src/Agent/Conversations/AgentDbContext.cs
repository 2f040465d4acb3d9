using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Agent.Conversations;

/// <summary>Maps the tables that Migrations/*.sql create in the "agent" schema; columns are the properties in snake_case.</summary>
public sealed class AgentDbContext(DbContextOptions<AgentDbContext> options) : DbContext(options)
{
    public const string Schema = "agent";

    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Turn> Turns => Set<Turn>();
    public DbSet<TurnEvent> TurnEvents => Set<TurnEvent>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<WorkspacePolicy> WorkspacePolicies => Set<WorkspacePolicy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Contact>().ToTable("contacts");
        modelBuilder.Entity<Conversation>(conversation =>
        {
            conversation.ToTable("conversations");
            conversation.HasOne(c => c.Contact).WithMany().HasForeignKey(c => c.ContactId);
        });
        modelBuilder.Entity<Message>(message =>
        {
            message.ToTable("messages");
            message.Property(m => m.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.Entity<Turn>().ToTable("turns");
        modelBuilder.Entity<TurnEvent>(turnEvent =>
        {
            turnEvent.ToTable("turn_events");
            turnEvent.Property(e => e.Id).UseIdentityAlwaysColumn();
            turnEvent.Property(e => e.Data).HasColumnType("jsonb");
        });

        modelBuilder.Entity<Lead>(lead =>
        {
            lead.ToTable("leads");
            lead.Property(l => l.Id).UseIdentityAlwaysColumn();
            lead.HasIndex(l => new { l.WorkspaceId, l.EmailKey, l.InterestKey }).IsUnique();
            lead.HasIndex(l => l.ContactId);
        });
        modelBuilder.Entity<WorkspacePolicy>(policy =>
        {
            policy.ToTable("workspace_policies");
            policy.HasKey(p => p.WorkspaceId);
        });
        modelBuilder.Entity<Conversation>().HasIndex(c => new { c.WorkspaceId, c.UnansweredAt }).HasFilter("unanswered_at IS NOT NULL");

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            }
        }
    }
}
