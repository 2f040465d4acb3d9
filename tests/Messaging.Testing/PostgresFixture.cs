using Messaging.Testing.Servers;

using Xunit;

namespace Messaging.Testing;

/// <summary>
/// A real PostgreSQL for a test assembly: the server named by <c>MESSAGING_TEST_POSTGRES</c>
/// (a connection string), or a throw-away cluster started in a temporary folder. Each test
/// class asks for its own database so tests never see each other's rows.
/// Use as <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    string? _directory;
    string? _externalConnectionString;

    public PostgresServer? Server { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _externalConnectionString = Environment.GetEnvironmentVariable("MESSAGING_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(_externalConnectionString))
        {
            return;
        }
        _directory = TestDirectories.Create("postgres");
        Server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = _directory, Durable = false, Database = "postgres" });
    }

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix ?? "test"}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 63)].ToLowerInvariant();
        if (Server is not null)
        {
            await Server.CreateDatabaseAsync(name, cancellationToken);
            return Server.ConnectionStringFor(name);
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(_externalConnectionString);
        await using (var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        builder.Database = name;
        return builder.ConnectionString;
    }

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
