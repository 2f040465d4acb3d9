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
/// the turn's id, so a turn run twice (crash, lost lock) is delivered once. A turn that cannot
/// answer sends the workspace's fallback message when it has one and the cause is one the bot
/// meant to answer through (see <see cref="UnansweredReasons.SendsFallback"/>).
/// </summary>
public sealed partial class TurnProcessor(
    AgentDbContext db,
    WorkspacePolicies policies,
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

        var policy = await policies.GetAsync(turn.WorkspaceId, cancellationToken);
        var decision = await DecideAsync(turn, messages[turn.InboundMessageId], inboundIds, text, policy, cancellationToken);
        await completion.MarkUsageAsync(turn.Id, decision.UsedAi, decision.CreditReserved, cancellationToken);
        if (decision.ReplyText is { } reply)
        {
            await RememberHandoffOfferAsync(turn.ConversationId, reply, cancellationToken);
            await QueueReplyAsync(turn, messages[turn.InboundMessageId], reply, cancellationToken);
        }
        else
        {
            await completion.CompleteAsync(turn.Id, decision.Outcome, decision.Reason, cancellationToken);
            if (UnansweredReasons.Classify(decision.Outcome, decision.Reason) is { } code && UnansweredReasons.SendsFallback(code) && policy.FallbackMessage is { } fallback)
            {
                await SendFallbackAsync(turn, messages[turn.InboundMessageId], fallback, cancellationToken);
            }
        }
        await schedule.ForgetAsync(conversationId, pending.Select(t => t.Id).ToList(), cancellationToken);
    }

    async Task<TurnDecision> DecideAsync(Turn turn, Message inbound, IReadOnlyList<long> burst, string text, WorkspacePolicy policy, CancellationToken cancellationToken)
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
            return await decider.DecideAsync(new TurnContext(turn, conversation, conversation.Contact!, inbound, burst, text, workspace, channel, workspace.Retention, policy), cancellationToken);
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

    /// <summary>A reply offering a person makes the customer's next "yes" a hand-off; any other reply withdraws the offer.</summary>
    async Task RememberHandoffOfferAsync(Guid conversationId, string reply, CancellationToken cancellationToken)
    {
        DateTimeOffset? offeredAt = CustomerRequests.OffersHandoff(reply) ? time.GetUtcNow() : null;
        await db.Conversations.Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.HandoffOfferedAt, offeredAt), cancellationToken);
    }

    /// <summary>The canned, free fallback message; never to an opted-out contact, nor to a conversation a human handles.</summary>
    async Task SendFallbackAsync(Turn turn, Message inbound, string fallback, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().Include(c => c.Contact).SingleAsync(c => c.Id == turn.ConversationId, cancellationToken);
        if (conversation.Contact!.OptedOutAt is not null || conversation.State == ConversationStates.NeedsHuman)
        {
            return;
        }
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            "fallback-" + turn.Id,
            turn.WorkspaceId,
            turn.ChannelId,
            turn.ConversationId.ToString(),
            conversation.Contact.Phone,
            fallback,
            MessageAuthor.Bot,
            null,
            null,
            inbound.ProviderMessageId,
            time.GetUtcNow()), cancellationToken);
        await timeline.AddAsync(turn.Id, TurnEventKinds.Fallback, "The workspace's fallback message was sent instead of a reply.", cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} failed while preparing its reply")]
    static partial void LogDecisionFailed(ILogger logger, Exception exception, string turnId);
}
