using System.Threading.Channels;

namespace Agent.Turns;

/// <summary>
/// This replica's signal that a conversation's turn may run: at once when its burst window is
/// already closed (<c>wait_seconds</c> 0), or from a timer when it closes. The due times
/// themselves are kept in Redis (<see cref="TurnSchedule"/>); this only saves the scheduler from
/// asking Redis when. A replica that dies takes its timers with it, and the overdue-window sweep
/// of any other replica wakes those conversations instead.
/// </summary>
public sealed class TurnWakeups(TimeProvider time) : IDisposable
{
    readonly Channel<Guid> _ready = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    readonly Lock _lock = new();
    // Conversations already waiting in the channel: a second wake-up would only run the claim again.
    readonly HashSet<Guid> _queued = [];
    readonly Dictionary<Guid, (DateTimeOffset DueAt, ITimer Timer)> _timers = [];

    /// <summary>Wakes the scheduler for <paramref name="conversationId"/> at <paramref name="dueAt"/>, or now if that has passed.</summary>
    public void Wake(Guid conversationId, DateTimeOffset dueAt)
    {
        var wait = dueAt - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            Ready(conversationId);
            return;
        }
        lock (_lock)
        {
            if (_timers.TryGetValue(conversationId, out var armed))
            {
                if (armed.DueAt <= dueAt)
                {
                    return;
                }
                armed.Timer.Dispose();
            }
            var timer = time.CreateTimer(static state => ((TurnWakeups)((object[])state!)[0]).Fired((Guid)((object[])state!)[1]),
                new object[] { this, conversationId }, wait, Timeout.InfiniteTimeSpan);
            _timers[conversationId] = (dueAt, timer);
        }
    }

    /// <summary>The next conversation to run, as soon as one is ready.</summary>
    public async ValueTask<Guid> NextAsync(CancellationToken cancellationToken)
    {
        var conversationId = await _ready.Reader.ReadAsync(cancellationToken);
        lock (_lock)
        {
            _queued.Remove(conversationId);
        }
        return conversationId;
    }

    void Fired(Guid conversationId)
    {
        lock (_lock)
        {
            if (_timers.Remove(conversationId, out var fired))
            {
                fired.Timer.Dispose();
            }
        }
        Ready(conversationId);
    }

    void Ready(Guid conversationId)
    {
        lock (_lock)
        {
            if (!_queued.Add(conversationId))
            {
                return;
            }
        }
        _ready.Writer.TryWrite(conversationId);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (_, timer) in _timers.Values)
            {
                timer.Dispose();
            }
            _timers.Clear();
        }
    }
}
