using System.Globalization;
using Npgsql;

namespace Messaging.Testing.Servers;

public sealed record PostgresServerOptions
{
    /// <summary>Holds the cluster (initdb'd on first start) and its generated password.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>The database created for the product.</summary>
    public string Database { get; init; } = "messaging";

    /// <summary>
    /// Off trades crash safety for speed (fsync, synchronous_commit and full_page_writes off):
    /// for throw-away test clusters only.
    /// </summary>
    public bool Durable { get; init; } = true;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Extra environment for the server process (the orchestrator marks its processes).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// A PostgreSQL cluster in a data folder, started from Debian's binaries on a loopback TCP
/// port with password authentication. As root it runs as the <c>postgres</c> user, as
/// PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    const string SuperUser = "postgres";
    readonly PostgresServerOptions _options;
    readonly Action<string> _log;
    readonly string _clusterDirectory;
    ChildProcess? _process;

    PostgresServer(PostgresServerOptions options, Action<string> log, string clusterDirectory, int port, string password)
    {
        _options = options;
        _log = log;
        _clusterDirectory = clusterDirectory;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string Password { get; }

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    public string ConnectionString => ConnectionStringFor(_options.Database);

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = Password,
            Database = database,
        }.ConnectionString;

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var baseDirectory = RunAsPostgresUser.ReachableDirectory(Path.GetFullPath(options.DataDirectory), log);
        var clusterDirectory = Path.Combine(baseDirectory, "cluster");
        Directory.CreateDirectory(baseDirectory);
        await LeftoverProcess.StopAsync(Path.Combine(clusterDirectory, "postmaster.pid"), "postgres", Signals.SigInt).ConfigureAwait(false);

        var password = ReadOrCreatePassword(baseDirectory);
        if (!File.Exists(Path.Combine(clusterDirectory, "PG_VERSION")))
        {
            await InitializeClusterAsync(baseDirectory, clusterDirectory, password, log, cancellationToken).ConfigureAwait(false);
        }
        var server = new PostgresServer(options, log, clusterDirectory, options.Port == 0 ? FreePort.Next() : options.Port, password);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        await server.CreateDatabaseAsync(options.Database, cancellationToken).ConfigureAwait(false);
        return server;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }
        List<string> arguments =
        [
            "-D", _clusterDirectory,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
        ];
        if (!_options.Durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        _process = ChildProcess.Start(RunAsPostgresUser.Wrap(BinaryLocator.FindPostgres("postgres"), arguments) with { Environment = _options.Environment }, _log);
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited during start-up (port {Port}); see its log lines above.");
            }
            if (await CanConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                await _process.KillAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"postgres did not accept connections on port {Port} within {_options.StartTimeout.TotalSeconds:0} s.");
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fast shutdown: active transactions are rolled back, committed ones are safe.</summary>
    public Task StopAsync() => _process?.StopAsync(Signals.SigInt, TimeSpan.FromSeconds(20)) ?? Task.CompletedTask;

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created concurrently by another caller: what we wanted.
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false;Timeout=2");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            // Not listening yet, or "the database system is starting up".
            return false;
        }
    }

    static async Task InitializeClusterAsync(string baseDirectory, string clusterDirectory, string password, Action<string> log, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(baseDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
        await RunAsPostgresUser.GiveOwnershipAsync(baseDirectory).ConfigureAwait(false);
        try
        {
            var spec = RunAsPostgresUser.Wrap(BinaryLocator.FindPostgres("initdb"),
                ["-D", clusterDirectory, "-U", SuperUser, "--auth=scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--locale=C", "--no-instructions"]);
            await using var initdb = ChildProcess.Start(spec, log);
            var code = await initdb.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"initdb failed with exit code {code}; see its log lines above.");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    static string ReadOrCreatePassword(string baseDirectory) =>
        SecretFile.ReadOrCreate(Path.Combine(baseDirectory, "postgres.password"), 16, SecretFile.Hex);
}
