using Messaging.ServiceDefaults.Database;
using Messaging.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Messaging.ServiceDefaults.Tests.Database;

public sealed class SqlMigratorTests(PostgresFixture postgres)
{
    const string Namespace = "Messaging.ServiceDefaults.Tests.Data";

    [Fact]
    public async Task Each_schema_gets_only_the_scripts_of_the_folder_closest_to_its_code()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrator", ct));
        var migrator = new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance);

        var gadgets = await migrator.MigrateAsync("gadgets", typeof(SqlMigratorTests).Assembly, "Messaging.ServiceDefaults.Tests.Gadgets.Data", ct);

        Assert.Equal(1, gadgets);
        await using var command = dataSource.CreateCommand("SELECT to_regclass('gadgets.gadgets') IS NOT NULL AND to_regclass('gadgets.widgets') IS NULL");
        Assert.Equal(true, await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task Replicas_starting_together_apply_each_script_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrator", ct));

        var applied = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance).MigrateAsync("widgets", typeof(SqlMigratorTests).Assembly, Namespace, ct)));

        Assert.Equal(2, applied.Sum());
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM widgets.widgets WHERE colour = 'teal'");
        Assert.Equal(1L, await command.ExecuteScalarAsync(ct));
        await using var history = dataSource.CreateCommand("SELECT string_agg(version, ',' ORDER BY version) FROM widgets.schema_migrations");
        Assert.Equal("0001_widgets,0002_widget_colour", await history.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_stops_the_start_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrator", ct));
        var migrator = new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance);
        await migrator.MigrateAsync("widgets", typeof(SqlMigratorTests).Assembly, Namespace, ct);
        await using (var tamper = dataSource.CreateCommand("UPDATE widgets.schema_migrations SET checksum = 'edited' WHERE version = '0001_widgets'"))
        {
            await tamper.ExecuteNonQueryAsync(ct);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync("widgets", typeof(SqlMigratorTests).Assembly, Namespace, ct));
        Assert.Contains("0001_widgets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_script_leaves_no_half_applied_version()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrator", ct));
        await using (var clash = dataSource.CreateCommand("CREATE SCHEMA widgets; CREATE TABLE widgets.widgets (id bigint PRIMARY KEY, name text, colour text)"))
        {
            await clash.ExecuteNonQueryAsync(ct);
        }

        await Assert.ThrowsAsync<PostgresException>(() =>
            new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance).MigrateAsync("widgets", typeof(SqlMigratorTests).Assembly, Namespace, ct));

        await using var history = dataSource.CreateCommand("SELECT count(*) FROM widgets.schema_migrations");
        Assert.Equal(0L, await history.ExecuteScalarAsync(ct));
    }
}
