using Microsoft.Extensions.Options;

namespace Agent.Turns;

/// <summary>
/// Runs the turns whose burst window closed, on every replica: each conversation under its
/// lock, several conversations at once. The conversation leaves the schedule only while its
/// lock is held, just before its pending turns are read.
/// </summary>
public sealed partial class TurnScheduler(
    TurnSchedule schedule,
    ConversationLocks locks,
    IServiceScopeFactory scopes,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<TurnScheduler> logger) : BackgroundService
{
    const int MaxConcurrentTurns = 16;

    // Only the polling loop adds and removes entries. A run that removed its own entry could
    // finish before the loop stored it, leaving a finished run that blocks its conversation forever.
    readonly Dictionary<Guid, Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var finished in _running.Where(entry => entry.Value.IsCompleted).Select(entry => entry.Key).ToList())
                {
                    _running.Remove(finished);
                }
                var free = MaxConcurrentTurns - _running.Count;
                if (free > 0)
                {
                    foreach (var conversationId in await schedule.DueAsync(free + _running.Count, stoppingToken))
                    {
                        if (_running.Count < MaxConcurrentTurns && !_running.ContainsKey(conversationId))
                        {
                            _running[conversationId] = RunAsync(conversationId, stoppingToken);
                        }
                    }
                }
                await Task.Delay(options.Value.SchedulerPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogPollFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    async Task RunAsync(Guid conversationId, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await using var lease = await locks.TryAcquireAsync(conversationId, stoppingToken);
            if (lease is null)
            {
                return;
            }
            // The turn runs only while the lock is held: one that lost it stops before it sends,
            // and its pending turns are taken up again by whoever holds the lock next.
            using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
            try
            {
                using var turn = TurnTracing.StartTurn(conversationId, await schedule.TakeTraceParentAsync(conversationId, held.Token));
                await schedule.UnscheduleAsync(conversationId, held.Token);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TurnProcessor>().ProcessAsync(conversationId, held.Token);
            }
            catch (OperationCanceledException) when (!lease.IsHeld && !stoppingToken.IsCancellationRequested)
            {
                LogLockLost(logger, conversationId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The turns stay pending; the stalled-turn sweep schedules them again.
            LogTurnFailed(logger, e, conversationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The turn of conversation {ConversationId} lost its lock and stopped before sending; it will be taken up again")]
    static partial void LogLockLost(ILogger logger, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for due turns failed")]
    static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The turn of conversation {ConversationId} failed; it will be retried")]
    static partial void LogTurnFailed(ILogger logger, Exception exception, Guid conversationId);
}
