using System.Text.Json;
using Messaging.Outbox;
using Messaging.Tenancy.Secrets;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Data;

/// <summary>The owning model of schema tenancy; its EF Core migrations (Tenancy/Data/Migrations) create the schema.</summary>
public sealed class TenancyDbContext(DbContextOptions<TenancyDbContext> options) : DbContext(options), IOutboxContext
{
    public const string Schema = "tenancy";

    public DbSet<WorkspaceRow> Workspaces => Set<WorkspaceRow>();
    public DbSet<ChannelRow> Channels => Set<ChannelRow>();
    public DbSet<ReplyConfigRow> ReplyConfigs => Set<ReplyConfigRow>();
    public DbSet<ReplyRuleRow> ReplyRules => Set<ReplyRuleRow>();
    public DbSet<PersonaRow> Personas => Set<PersonaRow>();
    public DbSet<KnowledgeRow> Knowledge => Set<KnowledgeRow>();
    public DbSet<TemplateRow> Templates => Set<TemplateRow>();
    public DbSet<AiSettingsRow> AiSettings => Set<AiSettingsRow>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<WorkspaceRow>().ToTable("workspaces").Property(w => w.BusinessHours).HasColumnType("jsonb");
        modelBuilder.Entity<ChannelRow>().ToTable("channels");
        modelBuilder.Entity<ReplyConfigRow>(config =>
        {
            config.ToTable("reply_configs").HasKey(c => c.ChannelId);
            config.HasMany(c => c.Rules).WithOne().HasForeignKey(r => r.ChannelId).OnDelete(DeleteBehavior.Cascade);
        });
        // Rule ids are made by the API; a generated-key convention would make EF take new rules for existing ones.
        modelBuilder.Entity<ReplyRuleRow>().ToTable("reply_rules").Property(r => r.Id).ValueGeneratedNever();
        modelBuilder.Entity<PersonaRow>().ToTable("personas").HasKey(p => p.WorkspaceId);
        modelBuilder.Entity<KnowledgeRow>().ToTable("knowledge_entries");
        modelBuilder.Entity<TemplateRow>().ToTable("templates");
        modelBuilder.Entity<AiSettingsRow>().ToTable("ai_settings").HasKey(a => a.WorkspaceId);
        modelBuilder.MapOutbox();
        // Created by these migrations, read by every service through KeyRingDbContext.
        KeyRingTable.Map(modelBuilder);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
                // Every versioned row is updated with "WHERE version = <what the client saw>".
                if (property.Name == "Version")
                {
                    property.IsConcurrencyToken = true;
                }
            }
        }
    }
}
