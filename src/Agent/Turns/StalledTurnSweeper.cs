using Agent.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Turns;

/// <summary>
/// Schedules again the conversations whose turns stayed pending long after their window
/// closed: the replica running them crashed, or Redis lost the schedule. PostgreSQL is the
/// record; the schedule in Redis is only the fast path.
/// </summary>
public sealed partial class StalledTurnSweeper(
    IServiceScopeFactory scopes,
    TurnSchedule schedule,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<StalledTurnSweeper> logger) : PeriodicSweeper(options.Value.StalledTurnSweepInterval, time, logger)
{
    protected override string LooksFor => "stalled turns";

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var before = Time.GetUtcNow() - options.Value.StalledTurnAfter;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        // Longest stalled first, so a backlog larger than one sweep drains in order.
        var stalled = await db.Turns.AsNoTracking()
            .Where(t => t.State == TurnStates.Pending && t.DueAt < before)
            .GroupBy(t => t.ConversationId)
            .OrderBy(conversation => conversation.Min(t => t.DueAt))
            .Select(conversation => conversation.Key)
            .Take(500)
            .ToListAsync(cancellationToken);
        foreach (var conversationId in stalled)
        {
            LogRescheduled(logger, conversationId);
            await schedule.RescheduleAsync(conversationId, cancellationToken);
        }
        return stalled.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} had a stalled turn: scheduled again")]
    static partial void LogRescheduled(ILogger logger, Guid conversationId);
}
