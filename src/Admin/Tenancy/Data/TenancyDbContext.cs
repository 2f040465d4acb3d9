using System.Text.Json;
using Admin.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Messaging.Outbox;
using Messaging.Tenancy.Secrets;
using Microsoft.EntityFrameworkCore;

namespace Admin.Tenancy.Data;

/// <summary>
/// The owning model of schema tenancy; its EF Core migrations (Tenancy/Data/Migrations) create the
/// schema. The console's users (ASP.NET Core Identity, without global roles: a role belongs to a
/// membership of one workspace) live here too, beside the workspaces they are members of.
/// </summary>
public sealed class TenancyDbContext(DbContextOptions<TenancyDbContext> options) : IdentityUserContext<ConsoleUser, Guid>(options), IOutboxContext
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
    public DbSet<MembershipRow> Memberships => Set<MembershipRow>();
    public DbSet<InvitationRow> Invitations => Set<InvitationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<ConsoleUser>().ToTable("users");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<MembershipRow>(member =>
        {
            member.ToTable("workspace_members").HasKey(m => new { m.WorkspaceId, m.UserId });
            member.HasIndex(m => m.UserId);
            member.HasOne<WorkspaceRow>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<ConsoleUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<InvitationRow>(invitation =>
        {
            invitation.ToTable("invitations");
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasOne<WorkspaceRow>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WorkspaceRow>().ToTable("workspaces").Property(w => w.BusinessHours).HasColumnType("jsonb");
        modelBuilder.Entity<ChannelRow>(channel =>
        {
            channel.ToTable("channels");
            // A configuration outlives the numbers that used it: deleting one of them loses no rule. The
            // database refuses to delete one a number still answers with, even one linked while the
            // delete's own check ran (NO ACTION is checked at the end of the statement, after a
            // workspace's cascade has removed its channels too).
            channel.HasOne<ReplyConfigRow>().WithMany().HasForeignKey(c => c.ReplyConfigId).OnDelete(DeleteBehavior.NoAction);
        });
        modelBuilder.Entity<ReplyConfigRow>(config =>
        {
            config.ToTable("reply_configs");
            config.Property(c => c.Id).ValueGeneratedNever();
            config.HasIndex(c => c.WorkspaceId);
            config.HasOne<WorkspaceRow>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            config.HasMany(c => c.Rules).WithOne().HasForeignKey(r => r.ConfigId).OnDelete(DeleteBehavior.Cascade);
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
