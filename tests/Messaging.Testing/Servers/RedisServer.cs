
namespace Messaging.Testing.Servers;

public sealed record RedisServerOptions
{
    /// <summary>Where the append-only file lives; kept across restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>0 picks a free port; a restart keeps the port it got.</summary>
    public int Port { get; init; }

    /// <summary>Require a password (generated and kept in the data folder) for every client.</summary>
    public bool RequirePassword { get; init; } = true;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra environment for the server process (the orchestrator marks its processes).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// A redis-server child process with AOF on (<c>appendfsync everysec</c>), so an accepted
/// message survives a restart. Used by the AppHost and by test fixtures, which also stop,
/// kill and restart it to prove recovery.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    readonly RedisServerOptions _options;
    readonly Action<string> _log;
    readonly string _binary;
    ChildProcess? _process;

    RedisServer(RedisServerOptions options, Action<string> log, string binary, int port, string? password)
    {
        _options = options;
        _log = log;
        _binary = binary;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string? Password { get; }

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    /// <summary>In the <c>host:port,password=...</c> style the Redis clients of the product read.</summary>
    /// <summary>Logical databases, so parallel tests can each have one (see RedisFixture).</summary>
    public const int Databases = 1024;

    public string ConnectionString => $"127.0.0.1:{Port}" + (Password is null ? "" : $",password={Password}");

    public static async Task<RedisServer> StartAsync(RedisServerOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var binary = BinaryLocator.Find("redis-server", "redis-server", "/usr/bin", "/usr/sbin");
        Directory.CreateDirectory(options.DataDirectory);
        await StopLeftoverAsync(options.DataDirectory).ConfigureAwait(false);
        var password = options.RequirePassword ? ReadOrCreatePassword(options.DataDirectory) : null;
        var server = new RedisServer(options, log ?? (_ => { }), binary, options.Port == 0 ? FreePort.Next() : options.Port, password);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts the process again after <see cref="StopAsync"/> or <see cref="KillAsync"/>, same port and data.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<string> arguments =
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", _options.DataDirectory,
            "--pidfile", PidFile(_options.DataDirectory),
            "--databases", Databases.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", "",
        ];
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }
        _process = ChildProcess.Start(new ProcessSpec(_binary, arguments) { Environment = _options.Environment }, line =>
        {
            _log(line);
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });
        var exited = _process.Exited;
        var finished = await Task.WhenAny(ready.Task, exited, Task.Delay(_options.StartTimeout, cancellationToken)).ConfigureAwait(false);
        if (finished != ready.Task)
        {
            await _process.KillAsync().ConfigureAwait(false);
            throw new InvalidOperationException(finished == exited
                ? $"redis-server exited during start-up (port {Port}); see its log lines above."
                : $"redis-server did not become ready on port {Port} within {_options.StartTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>A clean shutdown: Redis flushes the AOF before exiting.</summary>
    public Task StopAsync() => _process?.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(15)) ?? Task.CompletedTask;

    /// <summary>SIGKILL, as a crash or power loss of the process would.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    static string PidFile(string dataDirectory) => Path.Combine(dataDirectory, "redis.pid");

    static string ReadOrCreatePassword(string dataDirectory) =>
        SecretFile.ReadOrCreate(Path.Combine(dataDirectory, "redis.password"), 16, SecretFile.Hex);

    // A server left running by an orchestrator that was killed would hold the AOF; stop it first.
    static async Task StopLeftoverAsync(string dataDirectory) =>
        await LeftoverProcess.StopAsync(PidFile(dataDirectory), "redis-server", Signals.SigTerm).ConfigureAwait(false);
}
