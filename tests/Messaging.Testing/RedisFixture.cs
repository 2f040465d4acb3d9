using Messaging.Testing.Servers;

using Xunit;

namespace Messaging.Testing;

/// <summary>
/// A real redis-server for a test assembly: the one named by <c>MESSAGING_TEST_REDIS</c>, or
/// one started in a temporary folder (AOF on), which tests may stop, kill and restart.
/// Use as <c>[assembly: AssemblyFixture(typeof(RedisFixture))]</c>.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    string? _directory;

    /// <summary>Null when an external server is used.</summary>
    public RedisServer? Server { get; private set; }

    public string ConnectionString { get; private set; } = "";

    int _lastDatabase;

    /// <summary>
    /// The server with a logical database no other caller of this fixture gets: hosts that
    /// consume the same streams in the same consumer groups, as parallel tests' services do,
    /// would otherwise take each other's entries. An external server has the default 16.
    /// </summary>
    public string ConnectionStringWithOwnDatabase()
    {
        var databases = Server is null ? 16 : RedisServer.Databases;
        var database = Interlocked.Increment(ref _lastDatabase) % databases;
        return $"{ConnectionString},defaultDatabase={database}";
    }

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("MESSAGING_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }
        _directory = TestDirectories.Create("redis");
        Server = await RedisServer.StartAsync(new RedisServerOptions { DataDirectory = _directory, RequirePassword = false });
        ConnectionString = Server.ConnectionString;
    }

    /// <summary>A server of the test's own, for tests that need a password or must not disturb others.</summary>
    public static async Task<RedisServer> StartDedicatedAsync(bool requirePassword, CancellationToken cancellationToken = default) =>
        await RedisServer.StartAsync(
            new RedisServerOptions { DataDirectory = TestDirectories.Create("redis"), RequirePassword = requirePassword },
            cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (_directory is not null)
        {
            TestDirectories.TryDelete(_directory);
        }
    }
}
