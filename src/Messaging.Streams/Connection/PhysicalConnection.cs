using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Messaging.Streams.Errors;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Connection;

/// <summary>
/// One socket to Redis. A writer loop batches queued commands into the socket and flushes
/// when the queue runs dry (on an idle connection the caller writes its command itself); a
/// reader loop matches replies, in order, to the commands in flight. When the socket fails every command in flight fails with a
/// <see cref="RedisConnectionException"/>; commands still queued wait for the next connection.
/// </summary>
internal sealed class PhysicalConnection : IAsyncDisposable
{
    const int FlushThreshold = 64 * 1024;
    const int MaxBatch = 256;

    readonly Socket _socket;
    readonly Stream _stream;
    readonly PipeReader _input;
    readonly PipeWriter _output;
    readonly Queue<PendingCommand> _inFlight = new();
    readonly Lock _gate = new();
    readonly CancellationTokenSource _lifetime = new();
    readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    bool _failed;
    int _inFlightCount;
    readonly SemaphoreSlim _writeLock = new(1, 1);
    readonly List<PendingCommand> _inlineBatch = [];

    PhysicalConnection(RedisEndPoint endPoint, Socket socket, Stream stream)
    {
        EndPoint = endPoint;
        _socket = socket;
        _stream = stream;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public RedisEndPoint EndPoint { get; }

    public RespProtocol Protocol { get; private set; }

    /// <summary>Completes, with the reason, when the connection is no longer usable.</summary>
    public Task<Exception> Closed => _closed.Task;

    public static async Task<PhysicalConnection> OpenAsync(RedisEndPoint endPoint, RedisConnectionOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        PhysicalConnection? connection = null;
        try
        {
            await socket.ConnectAsync(endPoint.Host, endPoint.Port, timeout.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (options.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.SslHost ?? endPoint.Host,
                    RemoteCertificateValidationCallback = options.CertificateValidation,
                }, timeout.Token).ConfigureAwait(false);
            }
            connection = new PhysicalConnection(endPoint, socket, stream);
            await connection.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeAfterFailureAsync(connection, socket).ConfigureAwait(false);
            throw new RedisConnectionException($"Could not connect to Redis at {endPoint} within {options.ConnectTimeout.TotalMilliseconds:0} ms.", exception);
        }
        catch (Exception exception) when (exception is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            await DisposeAfterFailureAsync(connection, socket).ConfigureAwait(false);
            throw new RedisConnectionException($"Could not connect to Redis at {endPoint}: {exception.Message}", exception);
        }
        catch
        {
            await DisposeAfterFailureAsync(connection, socket).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the writer and reader loops over the client's queue.</summary>
    public void Start(CommandQueue queue)
    {
        _ = Task.Run(() => WriteLoopAsync(queue));
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Fails in-flight commands whose deadline passed; their late replies are still matched and dropped.</summary>
    public void ExpireInFlight(long now)
    {
        lock (_gate)
        {
            foreach (var command in _inFlight)
            {
                if (command.Deadline <= now && !command.Task.IsCompleted)
                {
                    command.Fail(new RedisTimeoutException($"{command.Command.Name} sent to {EndPoint} got no reply in time ({_inFlight.Count} commands in flight); it may still run on the server."));
                }
            }
        }
    }

    public void Abort(Exception reason) => Fail(reason);

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(RedisClient), "The Redis client was disposed."));
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _lifetime.Dispose();
    }

    async Task HandshakeAsync(RedisConnectionOptions options, CancellationToken cancellationToken)
    {
        Protocol = RespProtocol.Resp2;
        var helloDone = false;
        if (options.Protocol == RespProtocol.Resp3)
        {
            List<RespArgument> hello = [3];
            if (options.Password is not null)
            {
                hello.AddRange(["AUTH", options.User ?? "default", options.Password]);
            }
            if (options.ClientName is not null)
            {
                hello.AddRange(["SETNAME", options.ClientName]);
            }
            var reply = await SendDirectAsync(new RedisCommand("HELLO", hello), cancellationToken).ConfigureAwait(false);
            if (reply.Type != RespType.Error)
            {
                Protocol = RespProtocol.Resp3;
                helloDone = true;
            }
            else if (!IsUnsupportedHello(reply.AsString()!))
            {
                throw RedisServerException.FromError(reply.AsString()!, "HELLO");
            }
        }
        if (!helloDone)
        {
            if (options.Password is not null)
            {
                RespArgument[] auth = options.User is null ? [options.Password] : [options.User, options.Password];
                await SendCheckedAsync(new RedisCommand("AUTH", auth), cancellationToken).ConfigureAwait(false);
            }
            if (options.ClientName is not null)
            {
                await SendCheckedAsync(new RedisCommand("CLIENT", "SETNAME", options.ClientName), cancellationToken).ConfigureAwait(false);
            }
        }
        if (options.Database != 0)
        {
            await SendCheckedAsync(new RedisCommand("SELECT", options.Database), cancellationToken).ConfigureAwait(false);
        }
    }

    // Servers before Redis 6 do not know HELLO; NOPROTO means RESP3 is switched off.
    static bool IsUnsupportedHello(string error) =>
        error.StartsWith("NOPROTO", StringComparison.Ordinal) || error.Contains("unknown command", StringComparison.OrdinalIgnoreCase);

    async Task SendCheckedAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        var reply = await SendDirectAsync(command, cancellationToken).ConfigureAwait(false);
        if (reply.Type == RespType.Error)
        {
            throw RedisServerException.FromError(reply.AsString()!, command.Name);
        }
    }

    async Task<RespReply> SendDirectAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        RespWriter.WriteCommand(_output, command.Name, command.Arguments);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryParseOne(result.Buffer, out var reply, out var consumed))
            {
                _input.AdvanceTo(consumed);
                return reply;
            }
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new RedisConnectionException($"Redis at {EndPoint} closed the connection during the handshake ({command.Name}).");
            }
        }
    }

    static bool TryParseOne(ReadOnlySequence<byte> buffer, out RespReply reply, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var parsed = RespParser.TryRead(ref reader, out reply);
        consumed = reader.Position;
        return parsed;
    }

    /// <summary>
    /// Writes the queue on the caller's thread when nothing is in flight, so a lone caller's
    /// command reaches the socket without waiting for the writer loop to be scheduled. A busy
    /// connection leaves the writing to the loop, which batches.
    /// </summary>
    public bool TryWriteInline(CommandQueue queue)
    {
        if (_failed || Volatile.Read(ref _inFlightCount) != 0 || !_writeLock.Wait(0))
        {
            return false;
        }
        var releaseHere = true;
        try
        {
            WriteQueued(queue, _inlineBatch);
            var flush = _output.FlushAsync(_lifetime.Token);
            if (!flush.IsCompletedSuccessfully)
            {
                releaseHere = false;
                _ = FinishInlineFlushAsync(flush);
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
        finally
        {
            if (releaseHere)
            {
                _writeLock.Release();
            }
        }
        return true;
    }

    async Task FinishInlineFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            await flush.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    void WriteQueued(CommandQueue queue, List<PendingCommand> batch)
    {
        while (TakeBatch(queue, batch))
        {
            foreach (var pending in batch)
            {
                RespWriter.WriteCommand(_output, pending.Command.Name, pending.Command.Arguments);
            }
            batch.Clear();
        }
    }

    async Task WriteLoopAsync(CommandQueue queue)
    {
        var batch = new List<PendingCommand>(MaxBatch);
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                await _writeLock.WaitAsync(_lifetime.Token).ConfigureAwait(false);
                try
                {
                    while (TakeBatch(queue, batch))
                    {
                        foreach (var pending in batch)
                        {
                            RespWriter.WriteCommand(_output, pending.Command.Name, pending.Command.Arguments);
                        }
                        batch.Clear();
                        if (_output.UnflushedBytes >= FlushThreshold)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }
                    }
                    await FlushAsync().ConfigureAwait(false);
                }
                finally
                {
                    _writeLock.Release();
                }
                await queue.WaitForCommandsAsync(_lifetime.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    /// <summary>Moves queued commands into flight under the lock, so a failure sees every command that may reach the socket.</summary>
    bool TakeBatch(CommandQueue queue, List<PendingCommand> batch)
    {
        lock (_gate)
        {
            while (!_failed && batch.Count < MaxBatch && queue.TryPeek(out var pending))
            {
                queue.TryDequeue(out _);
                // Cancelled or timed out before it was written: it never reaches the server.
                if (!pending.Task.IsCompleted)
                {
                    _inFlight.Enqueue(pending);
                    _inFlightCount++;
                    batch.Add(pending);
                }
            }
            return batch.Count > 0;
        }
    }

    async ValueTask FlushAsync()
    {
        if (_output.UnflushedBytes == 0)
        {
            return;
        }
        var result = await _output.FlushAsync(_lifetime.Token).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new RedisConnectionException($"Redis at {EndPoint} stopped reading.");
        }
    }

    async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_lifetime.Token).ConfigureAwait(false);
                var consumed = CompleteReplies(result.Buffer);
                _input.AdvanceTo(consumed, result.Buffer.End);
                if (result.IsCompleted)
                {
                    throw new RedisConnectionException($"Redis at {EndPoint} closed the connection.");
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    SequencePosition CompleteReplies(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var consumed = buffer.Start;
        while (RespParser.TryRead(ref reader, out var reply))
        {
            consumed = reader.Position;
            // RESP3 out-of-band pushes (client tracking, monitors) answer no command.
            if (reply.Type == RespType.Push && Protocol == RespProtocol.Resp3)
            {
                continue;
            }
            PendingCommand? pending;
            lock (_gate)
            {
                if (_inFlight.TryDequeue(out pending))
                {
                    _inFlightCount--;
                }
            }
            if (pending is null)
            {
                throw new RedisProtocolException($"Redis at {EndPoint} sent a reply no command was waiting for.");
            }
            pending.Complete(reply);
        }
        return consumed;
    }

    void Fail(Exception reason)
    {
        PendingCommand[] inFlight;
        lock (_gate)
        {
            if (_failed)
            {
                return;
            }
            _failed = true;
            inFlight = [.. _inFlight];
            _inFlight.Clear();
            _inFlightCount = 0;
        }
        _lifetime.Cancel();
        foreach (var pending in inFlight)
        {
            pending.Fail(new RedisConnectionException(
                $"The connection to Redis at {EndPoint} failed while {pending.Command.Name} was in flight; it may or may not have run on the server.",
                reason) { CommandMayHaveRun = true });
        }
        // Unblocks a reader or writer waiting on the socket.
        _socket.Dispose();
        _closed.TrySetResult(reason);
    }

    static async ValueTask DisposeAfterFailureAsync(PhysicalConnection? connection, Socket socket)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        socket.Dispose();
    }
}
