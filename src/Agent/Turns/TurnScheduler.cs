using Microsoft.Extensions.Options;

namespace Agent.Turns;

/// <summary>
/// Runs a conversation's turn as soon as this replica is woken for it (<see cref="TurnWakeups"/>):
/// when a message without a burst window is consumed, when a window's timer fires, or when a
/// sweep finds a window nobody closed. Each conversation runs under its lock, at most
/// <see cref="AgentOptions.EffectiveMaxConcurrentTurns"/> conversations at once. The holder
/// looks at the schedule again once it has released the lock: a message that arrived meanwhile
/// (here, or on a replica that found the lock taken and left the turn to the holder) is run or
/// timed then, so nothing waits for a poll.
/// </summary>
public sealed partial class TurnScheduler(
    TurnWakeups wakeups,
    TurnSchedule schedule,
    ConversationLocks locks,
    IServiceScopeFactory scopes,
    IOptions<AgentOptions> options,
    ILogger<TurnScheduler> logger) : BackgroundService
{
    readonly int _maxConcurrentTurns = options.Value.EffectiveMaxConcurrentTurns;
    readonly Lock _lock = new();
    readonly HashSet<Guid> _running = [];
    // Woken while running: the wake-up stands for a message scheduled meanwhile, which the lock
    // holder may have looked for before it was scheduled.
    readonly HashSet<Guid> _wokenWhileRunning = [];
    SemaphoreSlim? _slots;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, _maxConcurrentTurns);
        using var slots = new SemaphoreSlim(_maxConcurrentTurns, _maxConcurrentTurns);
        _slots = slots;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var conversationId = await wakeups.NextAsync(stoppingToken);
                lock (_lock)
                {
                    // Running here already: it looks at the schedule again when it ends.
                    if (!_running.Add(conversationId))
                    {
                        _wokenWhileRunning.Add(conversationId);
                        continue;
                    }
                }
                await slots.WaitAsync(stoppingToken);
                _ = RunAsync(conversationId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Every run returns its slot when it ends: holding them all means none is left running.
        for (var i = 0; i < _maxConcurrentTurns; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }
    }

    async Task RunAsync(Guid conversationId, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var held = false;
        var woken = false;
        try
        {
            held = await RunUnderLockAsync(conversationId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The turns stay pending; the stalled-turn sweep schedules them again.
            LogTurnFailed(logger, e, conversationId);
        }
        finally
        {
            lock (_lock)
            {
                _running.Remove(conversationId);
                woken = _wokenWhileRunning.Remove(conversationId);
            }
            _slots!.Release();
        }
        if ((held || woken) && !stoppingToken.IsCancellationRequested)
        {
            await WakeIfScheduledAsync(conversationId, stoppingToken);
        }
    }

    /// <summary>The turn, if the lock was free and the window has closed; false when another holder has the lock.</summary>
    async Task<bool> RunUnderLockAsync(Guid conversationId, CancellationToken stoppingToken)
    {
        await using var lease = await locks.TryAcquireAsync(conversationId, stoppingToken);
        if (lease is null)
        {
            return false;
        }
        // The turn runs only while the lock is held: one that lost it stops before it sends,
        // and its pending turns are taken up again by whoever holds the lock next.
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        try
        {
            if (!(await schedule.ClaimAsync(conversationId, held.Token)).IsClaimed)
            {
                // Woken early or late: the look at the schedule after the lock is released times it.
                return true;
            }
            using var turn = TurnTracing.StartTurn(conversationId, await schedule.TakeTraceParentAsync(conversationId, held.Token));
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TurnProcessor>().ProcessAsync(conversationId, held.Token);
        }
        catch (OperationCanceledException) when (!lease.IsHeld && !stoppingToken.IsCancellationRequested)
        {
            LogLockLost(logger, conversationId);
        }
        return true;
    }

    async Task WakeIfScheduledAsync(Guid conversationId, CancellationToken stoppingToken)
    {
        try
        {
            if (await schedule.DueAtAsync(conversationId, stoppingToken) is { } dueAt)
            {
                wakeups.Wake(conversationId, dueAt);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The overdue-window sweep wakes it instead.
            LogRecheckFailed(logger, e, conversationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn scheduler started: at most {MaxConcurrentTurns} conversations' turns at once")]
    static partial void LogStarted(ILogger logger, int maxConcurrentTurns);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The turn of conversation {ConversationId} lost its lock and stopped before sending; it will be taken up again")]
    static partial void LogLockLost(ILogger logger, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The turn of conversation {ConversationId} failed; it will be retried")]
    static partial void LogTurnFailed(ILogger logger, Exception exception, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look at the schedule of conversation {ConversationId} after its turn; the overdue-window sweep will")]
    static partial void LogRecheckFailed(ILogger logger, Exception exception, Guid conversationId);
}
