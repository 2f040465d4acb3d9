using Messaging.Streams.Errors;
using Messaging.Streams.Resp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Streams.Connection;

/// <summary>
/// The multiplexed client. It connects in the background and reconnects with exponential
/// backoff; commands issued while disconnected wait in the queue until a connection takes
/// them or their timeout passes. A command already written when a connection fails is never
/// resent: it fails with a <see cref="RedisConnectionException"/>.
/// </summary>
public sealed class RedisClient : IRedisClient
{
    readonly RedisConnectionOptions _options;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    readonly string _name;
    readonly CommandQueue _queue = new();
    readonly CancellationTokenSource _disposing = new();
    readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ITimer _sweep;
    readonly Task _connector;
    volatile PhysicalConnection? _current;
    Exception? _lastError;
    int _disposed;

    public RedisClient(RedisConnectionOptions options, ILogger<RedisClient>? logger = null, TimeProvider? timeProvider = null)
        : this(options, logger ?? (ILogger)NullLogger.Instance, timeProvider ?? TimeProvider.System, options.ClientName ?? "shared")
    {
    }

    RedisClient(RedisConnectionOptions options, ILogger logger, TimeProvider time, string name)
    {
        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException("No Redis endpoint configured.", nameof(options));
        }
        _options = options;
        _logger = logger;
        _time = time;
        _name = name;
        var sweepPeriod = TimeSpan.FromTicks(Math.Clamp(options.CommandTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _sweep = time.CreateTimer(_ => ExpireCommands(), null, sweepPeriod, sweepPeriod);
        _connector = Task.Run(MaintainConnectionAsync);
    }

    public RespProtocol Protocol => _current?.Protocol ?? _options.Protocol;

    public bool IsConnected => _current is { Closed.IsCompleted: false };

    /// <summary>Creates a client and waits for its first connection; throws what that attempt threw (wrong password, refused...).</summary>
    public static async Task<RedisClient> ConnectAsync(RedisConnectionOptions options, ILogger<RedisClient>? logger = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var client = new RedisClient(options, logger, timeProvider);
        try
        {
            await client._firstAttempt.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static Task<RedisClient> ConnectAsync(string connectionString, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisConnectionOptions.Parse(connectionString), cancellationToken: cancellationToken);

    public Task<RespReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RespReply>(cancellationToken);
        }
        var timeout = _options.CommandTimeout + command.BlockFor;
        var pending = new PendingCommand(command, _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency));
        if (cancellationToken.CanBeCanceled)
        {
            pending.Cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingCommand)state!).TrySetCanceled(token), pending);
        }
        _queue.Enqueue(pending);
        if (_current?.TryWriteInline(_queue) != true)
        {
            _queue.Wake();
        }
        if (Volatile.Read(ref _disposed) == 1)
        {
            FailQueued(new ObjectDisposedException(nameof(RedisClient)));
        }
        return pending.Task;
    }

    public IRedisClient CreateDedicated(string purpose) =>
        new RedisClient(_options with { ClientName = _options.ClientName is null ? null : $"{_options.ClientName}-{purpose}" }, _logger, _time, $"{_name}/{purpose}");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _sweep.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _connector.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        FailQueued(new ObjectDisposedException(nameof(RedisClient), "The Redis client was disposed before the command was sent."));
        _disposing.Dispose();
        _queue.Dispose();
    }

    async Task MaintainConnectionAsync()
    {
        var delay = _options.MinReconnectDelay;
        var token = _disposing.Token;
        while (!token.IsCancellationRequested)
        {
            PhysicalConnection? connection = null;
            try
            {
                connection = await OpenAnyAsync(token).ConfigureAwait(false);
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                _lastError = exception;
                _firstAttempt.TrySetException(exception);
                ConnectionLog.ConnectFailed(_logger, exception, _name, (long)delay.TotalMilliseconds);
                await Task.Delay(Jitter(delay), _time, token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = _options.MinReconnectDelay;
            _current = connection;
            connection.Start(_queue);
            ConnectionLog.Connected(_logger, connection.EndPoint, connection.Protocol, _name);
            _firstAttempt.TrySetResult();
            await Task.WhenAny(connection.Closed, Task.Delay(Timeout.Infinite, token)).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                return;
            }
            _lastError = await connection.Closed.ConfigureAwait(false);
            ConnectionLog.ConnectionLost(_logger, _lastError, connection.EndPoint, _name);
        }
    }

    async Task<PhysicalConnection> OpenAnyAsync(CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var endPoint in _options.EndPoints)
        {
            try
            {
                return await PhysicalConnection.OpenAsync(endPoint, _options, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisConnectionException exception)
            {
                last = exception;
            }
        }
        throw last!;
    }

    // Spreads the reconnections of many clients after a server restart.
    TimeSpan Jitter(TimeSpan delay) => delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * Random.Shared.NextDouble()));

    void ExpireCommands()
    {
        var now = _time.GetTimestamp();
        foreach (var pending in _queue.Snapshot())
        {
            if (pending.Deadline <= now && !pending.Task.IsCompleted)
            {
                var why = IsConnected || _lastError is null ? "" : $" Not connected; last connection error: {_lastError.Message}";
                pending.Fail(new RedisTimeoutException($"{pending.Command.Name} was not sent to Redis within {_options.CommandTimeout.TotalMilliseconds:0} ms; it did not run.{why}", _lastError));
            }
        }
        _current?.ExpireInFlight(now);
    }

    void FailQueued(Exception reason)
    {
        while (_queue.TryDequeue(out var pending))
        {
            pending.Fail(reason);
        }
    }
}
