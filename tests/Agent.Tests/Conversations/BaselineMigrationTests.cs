using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Messaging.Testing.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agent.Tests.Conversations;

public sealed class BaselineMigrationTests(AgentHost agent)
{
    static readonly string LegacyScript = LegacySqlMigrator.ReadScript(typeof(BaselineMigrationTests).Assembly, "0001_conversations.sql");

    [Fact]
    public async Task A_database_made_by_the_former_sql_migrator_is_upgraded_in_place_and_keeps_its_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await agent.CreateDatabaseAsync("agent_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(database, AgentDbContext.Schema, "0001_conversations", LegacyScript, ct);
        var contactId = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO agent.contacts (id, workspace_id, channel_id, phone, lead_name, lead_email, lead_interest, created_at) VALUES (@id, 'ws', 'ch', '15550001', 'Ana', 'Ana@Example.com', ' Table  for 4', now());
                INSERT INTO agent.conversations (id, workspace_id, channel_id, contact_id, last_message_at, created_at) VALUES (gen_random_uuid(), 'ws', 'ch', @id, now(), now());
                """, connection);
            insert.Parameters.AddWithValue("id", contactId);
            await insert.ExecuteNonQueryAsync(ct);
        }

        using var host = MigratingHost.Create<AgentDbContext>(database, AgentDbContext.Schema);
        await host.StartAsync(ct);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
        var conversation = await db.Conversations.Include(c => c.Contact).SingleAsync(ct);
        Assert.Equal(contactId, conversation.ContactId);
        Assert.Equal("Ana", conversation.Contact!.LeadName);
        Assert.Equal("bot", conversation.State);
        // The contact's one lead became its first lead record, keyed as capture_lead keys it.
        var lead = await db.Leads.SingleAsync(ct);
        Assert.Equal((contactId, conversation.Id, "Ana@Example.com", "ana@example.com", "table for 4"), (lead.ContactId, lead.ConversationId, lead.Email, lead.EmailKey, lead.InterestKey));
        Assert.Equal(LeadKeys.Interest(" Table  for 4"), lead.InterestKey);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task A_fresh_database_gets_exactly_the_schema_of_an_upgraded_former_one_and_the_model_matches_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var legacy = await agent.CreateDatabaseAsync("agent_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(legacy, AgentDbContext.Schema, "0001_conversations", LegacyScript, ct);
        using (var upgrade = MigratingHost.Create<AgentDbContext>(legacy, AgentDbContext.Schema))
        {
            await upgrade.StartAsync(ct);
            await upgrade.StopAsync(ct);
        }
        var fresh = await agent.CreateDatabaseAsync("agent_fresh", ct);
        using var host = MigratingHost.Create<AgentDbContext>(fresh, AgentDbContext.Schema);
        await host.StartAsync(ct);

        var expected = await SchemaDump.DescribeAsync(legacy, AgentDbContext.Schema, ct);
        Assert.Contains("index CREATE UNIQUE INDEX messages_inbound_provider_id ON agent.messages USING btree (channel_id, provider_message_id) WHERE (direction = 'inbound'::text)", expected);
        Assert.Equal(expected, await SchemaDump.DescribeAsync(fresh, AgentDbContext.Schema, ct));

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration holds: dotnet ef migrations add");
        Assert.Equal(ModelColumns.OfModel(db, AgentDbContext.Schema), await ModelColumns.OfDatabaseAsync(fresh, AgentDbContext.Schema, ct));
        await host.StopAsync(ct);
    }
}
