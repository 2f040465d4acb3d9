using System.Collections.Concurrent;

namespace Messaging.Streams.Connection;

/// <summary>
/// Commands not yet written, shared by the client's successive connections so a command
/// queued during a reconnection is written by the next connection. The writer sleeps only
/// when the queue is empty; an enqueue wakes it with at most one signal.
/// </summary>
internal sealed class CommandQueue : IDisposable
{
    readonly ConcurrentQueue<PendingCommand> _commands = new();
    // No maximum: a wake left over by a writer that stopped only costs its successor one spurious loop.
    readonly SemaphoreSlim _wake = new(0);
    int _writerSleeping;

    public void Enqueue(PendingCommand command) => _commands.Enqueue(command);

    /// <summary>Wakes the writer loop if it sleeps.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _writerSleeping) == 1 && Interlocked.CompareExchange(ref _writerSleeping, 0, 1) == 1)
        {
            _wake.Release();
        }
    }

    public bool TryPeek(out PendingCommand command) => _commands.TryPeek(out command!);

    public bool TryDequeue(out PendingCommand command) => _commands.TryDequeue(out command!);

    /// <summary>Waits until a command may be available; returns at once when one already is.</summary>
    public async ValueTask WaitForCommandsAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _writerSleeping, 1);
        if (!_commands.IsEmpty && Interlocked.CompareExchange(ref _writerSleeping, 0, 1) == 1)
        {
            return;
        }
        await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A moment-in-time view, for the timeout sweep.</summary>
    public IEnumerable<PendingCommand> Snapshot() => _commands;

    public void Dispose() => _wake.Dispose();
}
