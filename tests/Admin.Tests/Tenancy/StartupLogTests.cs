using Messaging.Testing;
using Messaging.Testing.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Admin.Tests.Tenancy;

public sealed class StartupLogTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task A_first_start_on_an_empty_database_and_its_first_changes_log_no_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = new LogLines();
        await using var admin = await AdminApp.StartAsync(postgres, redis, log: log);

        // Migrations, the first Data Protection key, a change and its relayed event.
        var workspaceId = await admin.CreateWorkspaceAsync("startup-" + Guid.NewGuid().ToString("N")[..8]);
        await admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("556" + Random.Shared.Next(1_000_000, 9_999_999)));
        await using var dataSource = NpgsqlDataSource.Create(admin.ConnectionString);
        while (true)
        {
            await using var unsent = dataSource.CreateCommand("SELECT count(*) FROM tenancy.outbox WHERE sent_at IS NULL");
            if ((long)(await unsent.ExecuteScalarAsync(ct))! == 0)
            {
                break;
            }
            await Task.Delay(20, ct);
        }

        Assert.Contains(log.Lines, l => l.Category == "Messaging.ServiceDefaults.Database.SchemaMigrator");
        Assert.Empty(log.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => $"{l.Category}: {l.Message}"));
    }
}
