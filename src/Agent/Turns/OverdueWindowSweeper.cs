using Microsoft.Extensions.Options;

namespace Agent.Turns;

/// <summary>
/// Wakes this replica for burst windows that closed more than one sweep interval ago and are
/// still in the schedule: the replica whose timer should have closed them died, or its wake-up
/// was lost with a failed command. Their due times are in Redis, so any replica finds them; the
/// claim under the conversation lock makes sure only one runs each.
/// </summary>
public sealed partial class OverdueWindowSweeper(
    TurnSchedule schedule,
    TurnWakeups wakeups,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<OverdueWindowSweeper> logger) : PeriodicSweeper(options.Value.OverdueWindowSweepInterval, time, logger)
{
    const int BatchSize = 500;

    protected override string LooksFor => "overdue burst windows";

    /// <summary>Wakes the conversations found; returns how many.</summary>
    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var overdue = await schedule.OverdueAsync(now - options.Value.OverdueWindowSweepInterval, BatchSize, cancellationToken);
        foreach (var conversationId in overdue)
        {
            LogOverdue(logger, conversationId);
            wakeups.Wake(conversationId, now);
        }
        return overdue.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: its burst window closed more than a sweep interval ago and its turn has not run (its replica died, or turns are backlogged); waking it here")]
    static partial void LogOverdue(ILogger logger, Guid conversationId);
}
