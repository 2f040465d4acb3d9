using Agent.Conversations;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Reading;
using Microsoft.EntityFrameworkCore;

namespace Agent.Turns;

/// <summary>
/// Answers a conversation's pending messages, under its lock: the newest message's turn
/// answers the whole burst, the others are joined into it. A reply goes to msg:outbound under
/// the turn's id, so a turn run twice (crash, lost lock) is delivered once.
/// </summary>
public sealed partial class TurnProcessor(
    AgentDbContext db,
    ITenancyReader tenancy,
    TurnSchedule schedule,
    TurnDecider decider,
    TurnTimeline timeline,
    TurnCompletion completion,
    IEventPublisher events,
    TimeProvider time,
    ILogger<TurnProcessor> logger)
{
    public async Task ProcessAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var pending = await db.Turns
            .Where(t => t.ConversationId == conversationId && t.State == TurnStates.Pending)
            .OrderBy(t => t.ReceivedAt).ThenBy(t => t.InboundMessageId)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }
        var turn = pending[^1];
        var inboundIds = pending.Select(t => t.InboundMessageId).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => inboundIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var buffered = await schedule.BufferedTextsAsync(conversationId, cancellationToken);
        var text = string.Join('\n', pending
            .Select(t => buffered.GetValueOrDefault(t.Id) ?? messages[t.InboundMessageId].Body)
            .Where(part => !string.IsNullOrWhiteSpace(part)));

        foreach (var joined in pending.Take(pending.Count - 1))
        {
            joined.State = TurnStates.Joined;
            joined.JoinedTurnId = turn.Id;
            joined.CompletedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var joined in pending.Take(pending.Count - 1))
        {
            await timeline.AddAsync(joined.Id, TurnEventKinds.Buffered, $"Answered together with the next messages, in turn {turn.Id}.", cancellationToken: cancellationToken);
        }

        var decision = await DecideAsync(turn, messages[turn.InboundMessageId], inboundIds, text, cancellationToken);
        await completion.MarkUsageAsync(turn.Id, decision.UsedAi, decision.CreditReserved, cancellationToken);
        if (decision.ReplyText is { } reply)
        {
            await QueueReplyAsync(turn, messages[turn.InboundMessageId], reply, cancellationToken);
        }
        else
        {
            await completion.CompleteAsync(turn.Id, decision.Outcome, decision.Reason, cancellationToken);
        }
        await schedule.ForgetAsync(conversationId, pending.Select(t => t.Id).ToList(), cancellationToken);
    }

    async Task<TurnDecision> DecideAsync(Turn turn, Message inbound, IReadOnlyList<long> burst, string text, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().Include(c => c.Contact).SingleAsync(c => c.Id == turn.ConversationId, cancellationToken);
        if (conversation.State == ConversationStates.NeedsHuman)
        {
            return TurnDecision.NoReply(InboundHandler.HumanHandlesReason);
        }
        var workspace = await tenancy.GetWorkspaceAsync(turn.WorkspaceId, cancellationToken);
        var channel = workspace?.Channels.FirstOrDefault(c => c.Id == turn.ChannelId);
        if (workspace is null || channel is null)
        {
            return TurnDecision.NoReply("The channel no longer exists.");
        }
        try
        {
            return await decider.DecideAsync(new TurnContext(turn, conversation, conversation.Contact!, inbound, burst, text, workspace, channel, workspace.Retention), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDecisionFailed(logger, e, turn.Id);
            var usage = await db.Turns.AsNoTracking().Where(t => t.Id == turn.Id).Select(t => new { t.UsedAi, t.CreditReserved }).SingleAsync(cancellationToken);
            return TurnDecision.Failed("The reply could not be prepared: " + e.Message, usage.UsedAi, usage.CreditReserved);
        }
    }

    async Task QueueReplyAsync(Turn turn, Message inbound, string reply, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().Include(c => c.Contact).SingleAsync(c => c.Id == turn.ConversationId, cancellationToken);
        if (conversation.State == ConversationStates.NeedsHuman && conversation.HandoffTurnId != turn.Id)
        {
            await completion.CompleteAsync(turn.Id, TurnOutcome.NoReply, InboundHandler.HumanHandlesReason, cancellationToken);
            return;
        }
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            turn.Id,
            turn.WorkspaceId,
            turn.ChannelId,
            turn.ConversationId.ToString(),
            conversation.Contact!.Phone,
            reply,
            MessageAuthor.Bot,
            null,
            turn.Id,
            inbound.ProviderMessageId,
            time.GetUtcNow()), cancellationToken);
        await db.Turns.Where(t => t.Id == turn.Id && t.State == TurnStates.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.State, TurnStates.Replying), cancellationToken);
        await timeline.AddAsync(turn.Id, TurnEventKinds.ReplyQueued, $"{reply.Length} characters queued for delivery.", cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} failed while preparing its reply")]
    static partial void LogDecisionFailed(ILogger logger, Exception exception, string turnId);
}
