using Messaging.Testing.Servers;

namespace BillingBench;

/// <summary>
/// A throw-away PostgreSQL cluster (durable like production) and the redis-server the service
/// needs for its bus, in a temporary folder.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    readonly string _directory;
    readonly PostgresServer _server;
    readonly RedisServer _redis;

    BenchDatabase(string directory, PostgresServer server, RedisServer redis)
    {
        _directory = directory;
        _server = server;
        _redis = redis;
    }

    public string ConnectionString => _server.ConnectionString;

    public string RedisConnectionString => _redis.ConnectionString;

    public static async Task<BenchDatabase> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"billing-bench-{Environment.ProcessId}");
        var server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = Path.Combine(directory, "postgres"), Database = "billing_bench" });
        var redis = await RedisServer.StartAsync(new RedisServerOptions { DataDirectory = Path.Combine(directory, "redis"), RequirePassword = false });
        return new BenchDatabase(directory, server, redis);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _redis.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
