using System.Security.Cryptography;
using Admin.Tenancy.Data;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Messaging.ServiceDefaults.Database;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Secrets;
using Messaging.Testing;
using Messaging.Testing.Database;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Admin.Tests.Tenancy;

public sealed class BaselineMigrationTests(PostgresFixture postgres)
{
    static readonly string LegacyScript = LegacySqlMigrator.ReadScript(typeof(BaselineMigrationTests).Assembly, "0001_tenancy.sql");
    static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_database_made_by_the_former_sql_migrator_is_upgraded_in_place_and_keeps_its_rows_and_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("tenancy_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(database, TenancyDbContext.Schema, "0001_tenancy", LegacyScript, ct);
        var workspaceId = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO tenancy.workspaces (id, name, slug, time_zone, version, created_at, updated_at) VALUES (@id, 'Legacy', 'legacy', 'UTC', 1, now(), now())", connection);
            insert.Parameters.AddWithValue("id", workspaceId);
            await insert.ExecuteNonQueryAsync(ct);
        }
        // A secret protected by a key that the former key-ring repository stored (encrypted with the master key).
        string protectedSecret;
        using (var before = SecretsHost(database, createsKeys: true, services => services.Configure<KeyManagementOptions>(o => o.XmlRepository = new LegacyKeyRingRepository(database))))
        {
            protectedSecret = before.Services.GetRequiredService<TenantSecretProtector>().Protect("auth-token-from-before");
        }
        var keysBefore = await KeyNamesAsync(database);
        Assert.EndsWith(" true", Assert.Single(keysBefore), StringComparison.Ordinal);

        using var admin = MigratingHost.Create<TenancyDbContext>(database, TenancyDbContext.Schema);
        await admin.StartAsync(ct);

        await using (var scope = admin.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TenancyDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
            Assert.Equal("legacy", (await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct)).Slug);
        }
        // A reader (Ingest, Agent) on the EF store decrypts with the key written before the upgrade, and makes none.
        using (var reader = SecretsHost(database, createsKeys: false))
        {
            Assert.Equal("auth-token-from-before", reader.Services.GetRequiredService<TenantSecretProtector>().Unprotect(protectedSecret));
        }
        Assert.Equal(keysBefore, await KeyNamesAsync(database));
        await admin.StopAsync(ct);
    }

    [Fact]
    public async Task A_fresh_database_gets_exactly_the_schema_of_the_former_script_from_the_baseline()
    {
        var ct = TestContext.Current.CancellationToken;
        var legacy = await postgres.CreateDatabaseAsync("tenancy_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(legacy, TenancyDbContext.Schema, "0001_tenancy", LegacyScript, ct);
        var fresh = await postgres.CreateDatabaseAsync("tenancy_fresh", ct);
        using var host = MigratingHost.Create<TenancyDbContext>(fresh, TenancyDbContext.Schema);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TenancyDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), ct);
        }

        var expected = await SchemaDump.DescribeAsync(legacy, TenancyDbContext.Schema, ct);
        Assert.Contains("column data_protection_keys.xml text not null", expected);
        Assert.Equal(expected, await SchemaDump.DescribeAsync(fresh, TenancyDbContext.Schema, ct));
    }

    [Fact]
    public async Task The_models_match_the_schema_the_migrations_build()
    {
        var ct = TestContext.Current.CancellationToken;
        var fresh = await postgres.CreateDatabaseAsync("tenancy_fresh", ct);
        using var host = MigratingHost.Create<TenancyDbContext>(fresh, TenancyDbContext.Schema);
        await host.StartAsync(ct);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TenancyDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration holds: dotnet ef migrations add");
        var columns = await ModelColumns.OfDatabaseAsync(fresh, TenancyDbContext.Schema, ct);
        Assert.Equal(ModelColumns.OfModel(db, TenancyDbContext.Schema), columns);

        // The readers' key-ring context maps the same table the same way.
        using var reader = SecretsHost(fresh, createsKeys: false);
        await using var readerScope = reader.Services.CreateAsyncScope();
        var keyRing = ModelColumns.OfModel(readerScope.ServiceProvider.GetRequiredService<KeyRingDbContext>(), KeyRingDbContext.Schema);
        Assert.Equal(columns.Where(c => c.StartsWith(KeyRingTable.Name + ".", StringComparison.Ordinal)), keyRing);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Each_per_channel_reply_configuration_becomes_a_configuration_of_its_workspace_used_by_that_channel_with_every_rule()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("tenancy_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(database, TenancyDbContext.Schema, "0001_tenancy", LegacyScript, ct);
        var (workspaceId, configured, bare) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO tenancy.workspaces (id, name, slug, time_zone, version, created_at, updated_at) VALUES (@w, 'Legacy', 'legacy-rules', 'UTC', 1, now(), now());
                INSERT INTO tenancy.channels (id, workspace_id, name, provider, enabled, twilio_account_sid, twilio_number, twilio_auth_token_protected, version, created_at, updated_at) VALUES
                    (@c, @w, 'Front desk', 'twilio', true, 'AC1', 'whatsapp:+15550000001', 'protected', 1, now(), now()),
                    (@b, @w, 'Not answering', 'twilio', true, 'AC1', 'whatsapp:+15550000002', 'protected', 1, now(), now());
                INSERT INTO tenancy.reply_configs (channel_id, workspace_id, enabled, wait_seconds, version, updated_at) VALUES (@c, @w, false, 7, 4, now());
                INSERT INTO tenancy.reply_rules (id, channel_id, position, rule_id, label, is_default, matcher_kind, intent_description, threshold, embedding, embedding_model, response_kind, response_text) VALUES
                    (gen_random_uuid(), @c, 0, 'booking', 'Booking', false, 'semantic', 'wants to book', 0.4, '{0.25,0.5}', 'hashed', 'ai', 'Offer a slot.'),
                    (gen_random_uuid(), @c, 1, 'fallback', 'Fallback', true, NULL, NULL, NULL, NULL, NULL, 'canned', 'Thanks!');
                """, connection);
            insert.Parameters.AddWithValue("w", workspaceId);
            insert.Parameters.AddWithValue("c", configured);
            insert.Parameters.AddWithValue("b", bare);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await MigratingHost.MigrateAsync<TenancyDbContext>(database, TenancyDbContext.Schema, ct);

        using var host = MigratingHost.Create<TenancyDbContext>(database, TenancyDbContext.Schema);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TenancyDbContext>();
        var config = await db.ReplyConfigs.Include(c => c.Rules).SingleAsync(c => c.WorkspaceId == workspaceId, ct);
        Assert.Equal((configured, "Front desk", false, 7, 4L), (config.Id, config.Name, config.Enabled, config.WaitSeconds, config.Version));
        var rules = config.Rules.OrderBy(r => r.Position).ToList();
        Assert.Equal(["booking", "fallback"], rules.Select(r => r.RuleId));
        Assert.Equal([0.25f, 0.5f], rules[0].Embedding!);
        Assert.Equal("Offer a slot.", rules[0].ResponseText);
        var channels = await db.Channels.Where(c => c.WorkspaceId == workspaceId).ToDictionaryAsync(c => c.Id, c => c.ReplyConfigId, ct);
        Assert.Equal(configured, channels[configured]);
        Assert.Null(channels[bare]);
    }

    [Fact]
    public async Task Changes_pending_in_the_former_outbox_are_published_by_the_shared_relay_after_the_upgrade()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("tenancy_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(database, TenancyDbContext.Schema, "0001_tenancy", LegacyScript, ct);
        var (workspaceId, channelId) = (Guid.NewGuid(), Guid.NewGuid());
        var at = new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO tenancy.outbox (workspace_id, entity, entity_id, channel_id, revision, occurred_at) VALUES
                    (@w, 'workspace', @ws, NULL, 3, @at),
                    (@w, 'reply_config', @ch, @c, 7, @at),
                    (@w, 'ai_settings', @ws, NULL, 1, @at)
                """, connection);
            insert.Parameters.AddWithValue("w", workspaceId);
            insert.Parameters.AddWithValue("ws", workspaceId.ToString());
            insert.Parameters.AddWithValue("c", channelId);
            insert.Parameters.AddWithValue("ch", channelId.ToString());
            insert.Parameters.AddWithValue("at", at);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await MigratingHost.MigrateAsync<TenancyDbContext>(database, TenancyDbContext.Schema, ct);
        var publisher = new RecordingPublisher();
        // A test host, like the AdminApp beside it, runs without a master key; production refuses that.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = database });
        builder.AddServiceDatabase<TenancyDbContext>(TenancyDbContext.Schema, applyMigrations: false);
        builder.AddOutbox<TenancyDbContext>("tenancy").Add<TenancyChanged>();
        builder.Services.AddSingleton<IEventPublisher>(publisher);
        using var admin = builder.Build();

        Assert.Equal(3, await admin.Services.GetRequiredService<OutboxRelay<TenancyDbContext>>().RelayBatchAsync(ct));

        var ws = workspaceId.ToString();
        Assert.Equal(
            [
                (StreamNames.TenancyChanged, new TenancyChanged(ws, TenancyEntity.Workspace, ws, null, 3, at)),
                (StreamNames.TenancyChanged, new TenancyChanged(ws, TenancyEntity.ReplyConfig, channelId.ToString(), channelId.ToString(), 7, at)),
                (StreamNames.TenancyChanged, new TenancyChanged(ws, TenancyEntity.AiSettings, ws, null, 1, at)),
            ],
            publisher.Published.Select(p => (p.Stream, (TenancyChanged)p.Event)));
    }

    static IHost SecretsHost(string database, bool createsKeys, Action<IServiceCollection>? services = null)
    {
        // A test host, like the AdminApp beside it, runs without a master key; production refuses that.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = database,
            ["Tenancy:Secrets:MasterKey"] = MasterKey,
        });
        builder.AddTenantSecrets(createsKeys);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    static async Task<List<string>> KeyNamesAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT friendly_name || ' ' || (xml LIKE '%<encryptedKey masterKeyId=%' AND xml NOT LIKE '%<masterKey%')::text FROM tenancy.data_protection_keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
