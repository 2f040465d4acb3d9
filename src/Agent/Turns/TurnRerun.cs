using Agent.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Agent.Turns;

/// <summary>What a re-run found: the new turn, or why there is nothing to re-run.</summary>
public enum RerunOutcome
{
    Scheduled,
    ConversationNotFound,
    NothingUnanswered,
    WithHuman,
    TextNotRetained,
}

public sealed record RerunResult(RerunOutcome Outcome, string? TurnId = null);

/// <summary>
/// Answers an unanswered conversation again once its cause is fixed: a new turn for the same
/// customer messages (the messages of the unanswered turn's burst), scheduled at once, so it
/// reserves its own credit and Billing settles it on its own. The old turn keeps its outcome and
/// points to the new one.
/// </summary>
public sealed class TurnRerun(AgentDbContext db, TurnSchedule schedule, TurnTimeline timeline, TurnCompletion completion, TimeProvider time)
{
    public async Task<RerunResult> RerunAsync(Guid conversationId, string operatorName, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return new RerunResult(RerunOutcome.ConversationNotFound);
        }
        if (conversation.UnansweredTurnId is not { } unansweredTurnId
            || await db.Turns.AsNoTracking().SingleOrDefaultAsync(t => t.Id == unansweredTurnId, cancellationToken) is not { } original)
        {
            return new RerunResult(RerunOutcome.NothingUnanswered);
        }
        if (conversation.State == ConversationStates.NeedsHuman)
        {
            return new RerunResult(RerunOutcome.WithHuman);
        }
        var burst = await db.Turns.AsNoTracking()
            .Where(t => t.Id == original.Id)
            .WithJoined(db.Turns)
            .Join(db.Messages, t => t.InboundMessageId, m => m.Id, (t, m) => new { m.Id, m.Body })
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var text = TurnBursts.Text(burst.Select(m => m.Body));
        if (text.Length == 0)
        {
            return new RerunResult(RerunOutcome.TextNotRetained);
        }

        var now = time.GetUtcNow();
        var turn = new Turn
        {
            Id = "turn-" + Guid.CreateVersion7(now).ToString("N"),
            ConversationId = conversationId,
            WorkspaceId = original.WorkspaceId,
            ChannelId = original.ChannelId,
            InboundMessageId = original.InboundMessageId,
            RerunOf = original.Id,
            State = TurnStates.Pending,
            ReceivedAt = now,
            DueAt = now,
        };
        db.Turns.Add(turn);
        await db.SaveChangesAsync(cancellationToken);
        await timeline.AddAsync(turn.Id, TurnEventKinds.Rerun, $"Re-run by {operatorName} of turn {original.Id} ({conversation.UnansweredCode}).",
            new { operatorName, rerunOf = original.Id, code = conversation.UnansweredCode }, cancellationToken);
        await timeline.AddAsync(original.Id, TurnEventKinds.Rerun, $"Re-run by {operatorName} as turn {turn.Id}.", new { operatorName, rerunAs = turn.Id }, cancellationToken);
        await completion.MarkAnsweredAsync(conversationId, cancellationToken);
        await schedule.ScheduleAsync(conversationId, turn.Id, text, now, cancellationToken);
        return new RerunResult(RerunOutcome.Scheduled, turn.Id);
    }
}
