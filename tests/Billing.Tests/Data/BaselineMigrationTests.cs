using Billing.Data;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Messaging.Testing.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Billing.Tests.Data;

public sealed class BaselineMigrationTests(PostgresFixture postgres, RedisFixture redis)
{
    static readonly string LegacyScript = LegacySqlMigrator.ReadScript(typeof(BaselineMigrationTests).Assembly, "0001_ledger.sql");

    [Fact]
    public async Task A_database_made_by_the_former_sql_migrator_is_upgraded_in_place_and_keeps_its_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        var servers = await BillingDatabase.CreateAsync(postgres, redis);
        await LegacySqlMigrator.ApplyAsync(servers.Postgres, BillingDbContext.Schema, "0001_ledger", LegacyScript, ct);
        await using (var connection = new NpgsqlConnection(servers.Postgres))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO billing.balances (workspace_id, available, updated_at) VALUES ('ws-legacy', 7, now());
                INSERT INTO billing.ledger_entries (workspace_id, kind, available_delta, reserved_delta, available_after, reserved_after, idempotency_key, created_at)
                VALUES ('ws-legacy', 'grant', 7, 0, 7, 0, 'legacy-grant', now());
                """, connection);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var host = new BillingHost(servers);
        await host.GrantAsync("ws-legacy", 3, ct);

        var balance = await host.DbAsync(db => db.Balances.SingleAsync(b => b.WorkspaceId == "ws-legacy", ct));
        Assert.Equal(10, balance.Available);
        Assert.Equal(2, await host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.WorkspaceId == "ws-legacy", ct)));
        var (applied, pending, all) = await host.DbAsync(async db => (
            (await db.Database.GetAppliedMigrationsAsync(ct)).ToList(),
            (await db.Database.GetPendingMigrationsAsync(ct)).ToList(),
            db.Database.GetMigrations().ToList()));
        Assert.Empty(pending);
        Assert.Equal(all, applied);
        Assert.EndsWith("_Baseline", all[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_database_gets_exactly_the_schema_of_an_upgraded_former_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var legacy = await postgres.CreateDatabaseAsync("billing_legacy", ct);
        await LegacySqlMigrator.ApplyAsync(legacy, BillingDbContext.Schema, "0001_ledger", LegacyScript, ct);
        // The baseline only records itself there; the migrations after it change both alike.
        await MigratingHost.MigrateAsync<BillingDbContext>(legacy, BillingDbContext.Schema, ct);
        var fresh = await postgres.CreateDatabaseAsync("billing_fresh", ct);
        await MigratingHost.MigrateAsync<BillingDbContext>(fresh, BillingDbContext.Schema, ct);

        var expected = await SchemaDump.DescribeAsync(legacy, BillingDbContext.Schema, ct);
        Assert.Contains(expected, line => line.StartsWith("trigger ", StringComparison.Ordinal));
        Assert.Equal(expected, await SchemaDump.DescribeAsync(fresh, BillingDbContext.Schema, ct));
    }

    [Fact]
    public async Task The_model_matches_the_schema_its_migrations_build()
    {
        var ct = TestContext.Current.CancellationToken;
        var servers = await BillingDatabase.CreateAsync(postgres, redis);
        await MigratingHost.MigrateAsync<BillingDbContext>(servers.Postgres, BillingDbContext.Schema, ct);

        await using var host = new BillingHost(servers);
        await host.DbAsync(async db =>
        {
            Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration holds: dotnet ef migrations add");
            Assert.Equal(ModelColumns.OfModel(db, BillingDbContext.Schema), await ModelColumns.OfDatabaseAsync(servers.Postgres, BillingDbContext.Schema, ct));
            return true;
        });
    }
}
