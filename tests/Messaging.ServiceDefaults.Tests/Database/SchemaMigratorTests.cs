using Messaging.ServiceDefaults.Tests.Widgets;
using Messaging.Testing;
using Messaging.Testing.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Messaging.ServiceDefaults.Tests.Database;

public sealed class SchemaMigratorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Replicas_starting_together_on_a_fresh_database_apply_each_migration_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("migrate", ct);
        var log = new LogLines();
        var replicas = Enumerable.Range(0, 5).Select(_ => MigratingHost.Create<WidgetsDbContext>(database, WidgetsDbContext.Schema, log)).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(replica => replica.StartAsync(ct)));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Dispose();
            }
        }

        Assert.Equal(["20261201092217_Widgets", "20261201092334_WidgetColour"], await HistoryAsync(database));
        var applied = log.Lines.Where(l => l.Message.StartsWith("Applied migration widgets/", StringComparison.Ordinal)).Select(l => l.Message).Order(StringComparer.Ordinal);
        Assert.Equal(["Applied migration widgets/20261201092217_Widgets", "Applied migration widgets/20261201092334_WidgetColour"], applied);
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Error);
        await using var insert = NpgsqlDataSource.Create(database).CreateCommand("INSERT INTO widgets.widgets (name, colour) VALUES ('a', 'blue')");
        Assert.Equal(1, await insert.ExecuteNonQueryAsync(ct));
    }

    [Fact]
    public async Task A_start_waits_for_the_schema_lock_that_another_replica_holds()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("migrate", ct);
        await using var other = new NpgsqlConnection(database);
        await other.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('messaging.migrations.widgets'))", other))
        {
            await take.ExecuteNonQueryAsync(ct);
        }

        using var host = MigratingHost.Create<WidgetsDbContext>(database, WidgetsDbContext.Schema);
        var start = host.StartAsync(ct);
        await WaitUntilAsync(async () => await ScalarAsync<long>(other,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'", ct) == 1, ct);

        // It is blocked on the lock, so it cannot have touched the schema yet.
        Assert.False(await ScalarAsync<bool>(other, "SELECT to_regclass('widgets.__ef_history') IS NOT NULL", ct));
        Assert.False(start.IsCompleted);

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('messaging.migrations.widgets'))", other))
        {
            await release.ExecuteNonQueryAsync(ct);
        }
        await start;
        Assert.Equal(2, (await HistoryAsync(database)).Count);
    }

    [Fact]
    public async Task A_first_start_and_a_restart_log_no_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("migrate", ct);
        var log = new LogLines();

        for (var start = 0; start < 2; start++)
        {
            using var host = MigratingHost.Create<WidgetsDbContext>(database, WidgetsDbContext.Schema, log);
            await host.StartAsync(ct);
            await host.StopAsync(ct);
        }

        Assert.Contains(log.Lines, l => l.Message.StartsWith("Applied migration widgets/", StringComparison.Ordinal));
        Assert.Empty(log.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Message));
    }

    static async Task<List<string>> HistoryAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT \"MigrationId\" FROM widgets.__ef_history ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
