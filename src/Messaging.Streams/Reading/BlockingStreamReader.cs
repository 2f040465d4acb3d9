using StackExchange.Redis;

namespace Messaging.Streams.Reading;

/// <summary>
/// A connection of its own for one reader that waits on the server (XREADGROUP / XREAD with
/// BLOCK). Redis hands a new entry to a blocked reader in the same event-loop turn as the XADD,
/// so an idle reader costs one open socket and one command per block period, and picks an entry
/// up without polling. The wait must stay off the shared multiplexer: it is one socket, and a
/// blocked command there would hold up every command queued behind it.
/// </summary>
public sealed class BlockingStreamReader : IAsyncDisposable
{
    readonly ConnectionMultiplexer _connection;
    readonly TimeSpan _longestBlock;

    internal BlockingStreamReader(ConnectionMultiplexer connection, TimeSpan longestBlock)
    {
        _connection = connection;
        _longestBlock = longestBlock;
    }

    /// <summary>XREADGROUP GROUP <paramref name="group"/> <paramref name="consumer"/> COUNT n BLOCK ms STREAMS stream &gt;: new entries only.</summary>
    public async Task<IReadOnlyList<StreamEntry>> ReadGroupAsync(string stream, string group, string consumer, int count, TimeSpan block, CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync("XREADGROUP", ["GROUP", group, consumer, "COUNT", count, "BLOCK", Milliseconds(block), "STREAMS", (RedisKey)stream, ">"], cancellationToken).ConfigureAwait(false);
        return StreamReplies.EntriesOf(reply);
    }

    /// <summary>XREAD COUNT n BLOCK ms STREAMS stream <paramref name="afterId"/>: entries after that id, for every reader alike.</summary>
    public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan block, CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync("XREAD", ["COUNT", count, "BLOCK", Milliseconds(block), "STREAMS", (RedisKey)stream, afterId], cancellationToken).ConfigureAwait(false);
        return StreamReplies.EntriesOf(reply);
    }

    public async ValueTask DisposeAsync()
    {
        // Closing without QUIT drops the socket, and Redis ends a read blocked on it at once:
        // a stopping service does not wait out a block period per consumer.
        await _connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    async Task<RedisResult> ExecuteAsync(string command, object[] arguments, CancellationToken cancellationToken)
    {
        var read = _connection.GetDatabase().ExecuteAsync(command, arguments);
        try
        {
            // The server cannot be told to stop waiting; on cancellation the read is abandoned and
            // ends by itself within its block time (or when this connection is closed).
            return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = read.ContinueWith(static abandoned => _ = abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    long Milliseconds(TimeSpan block)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(block, _longestBlock);
        return Math.Max(1, (long)block.TotalMilliseconds);
    }
}
