using Messaging.Hosting.Servers;

namespace BillingBench;

/// <summary>A throw-away PostgreSQL cluster in a temporary folder, durable like production.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    readonly string _directory;
    readonly PostgresServer _server;

    BenchDatabase(string directory, PostgresServer server)
    {
        _directory = directory;
        _server = server;
    }

    public string ConnectionString => _server.ConnectionString;

    public static async Task<BenchDatabase> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"billing-bench-{Environment.ProcessId}");
        var server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = directory, Database = "billing_bench" });
        return new BenchDatabase(directory, server);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
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
