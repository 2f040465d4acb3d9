using Agent.Conversations;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Reading;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
    NpgsqlDataSource dataSource,
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
        // One round trip for the burst: its pending turns and those already joined into them (a turn
        // that ran before and stayed pending), with their messages, the conversation, its contact and
        // the workspace's policy.
        var pendingTurns = db.Turns.Where(t => t.ConversationId == conversationId && t.State == TurnStates.Pending);
        var rows = await (
                from t in pendingTurns.WithJoined(db.Turns)
                join m in db.Messages on t.InboundMessageId equals m.Id
                join c in db.Conversations on t.ConversationId equals c.Id
                join contact in db.Contacts on c.ContactId equals contact.Id
                join p in db.WorkspacePolicies on t.WorkspaceId equals p.WorkspaceId into policies
                from saved in policies.DefaultIfEmpty()
                orderby t.ReceivedAt, t.InboundMessageId
                select new { Turn = t, Message = m, Conversation = c, Contact = contact, Policy = saved })
            .ToListAsync(cancellationToken);
        if (rows.LastOrDefault(row => row.Turn.State == TurnStates.Pending) is not { } head)
        {
            return;
        }
        var turn = head.Turn;
        var conversation = head.Conversation;
        var messages = rows.ToDictionary(row => row.Message.Id, row => row.Message);
        var inboundIds = rows.Select(row => row.Turn.InboundMessageId).ToList();
        var buffered = await schedule.BufferedTextsAsync(conversationId, cancellationToken);
        var text = TurnBursts.Text(rows.Select(row => buffered.GetValueOrDefault(row.Turn.Id) ?? row.Message.Body));

        // Every other turn of the burst points to this one, including those joined into a turn that
        // ran before and is joined now: one level, so a later run finds them all again.
        var joinedTurns = rows.Select(row => row.Turn).Where(t => t.Id != turn.Id && t.JoinedTurnId != turn.Id).ToList();
        foreach (var joined in joinedTurns)
        {
            joined.State = TurnStates.Joined;
            joined.JoinedTurnId = turn.Id;
            joined.CompletedAt ??= time.GetUtcNow();
        }
        if (joinedTurns.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var joined in joinedTurns)
        {
            await timeline.AddAsync(joined.Id, TurnEventKinds.Buffered, $"Answered together with the next messages, in turn {turn.Id}.", cancellationToken: cancellationToken);
        }

        var policy = head.Policy ?? WorkspacePolicies.Default(turn.WorkspaceId);
        var decision = await DecideAsync(turn, conversation, messages[turn.InboundMessageId], inboundIds, text, policy, cancellationToken);
        // A canned turn used nothing, as recorded; an AI turn recorded its usage when it reserved the credit.
        if (decision.UsedAi != turn.UsedAi || decision.CreditReserved != turn.CreditReserved)
        {
            await completion.MarkUsageAsync(turn.Id, decision.UsedAi, decision.CreditReserved, cancellationToken);
        }
        if (decision.ReplyText is { } reply)
        {
            var now = await RememberHandoffOfferAsync(turn.ConversationId, reply, decision.Steps, cancellationToken);
            await QueueReplyAsync(turn, now, conversation.Contact!.Phone, messages[turn.InboundMessageId], reply, cancellationToken);
        }
        else
        {
            await completion.CompleteAsync(turn.Id, decision.Outcome, decision.Reason, cancellationToken);
            if (UnansweredReasons.Classify(decision.Outcome, decision.Reason) is { } code && UnansweredReasons.SendsFallback(code) && policy.FallbackMessage is { } fallback)
            {
                await SendFallbackAsync(turn, messages[turn.InboundMessageId], fallback, cancellationToken);
            }
        }
        await schedule.ForgetAsync(conversationId, rows.Select(row => row.Turn.Id).ToList(), cancellationToken);
    }

    async Task<TurnDecision> DecideAsync(Turn turn, Conversation conversation, Message inbound, IReadOnlyList<long> burst, string text, WorkspacePolicy policy, CancellationToken cancellationToken)
    {
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
        catch (Exception e) when (DependencyOutage.Is(e))
        {
            // Left pending: the stalled-turn sweep runs it again (its credit reservation is idempotent by turn id).
            LogDependencyUnavailable(logger, e.Message, turn.Id);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDecisionFailed(logger, e, turn.Id);
            var usage = await db.Turns.AsNoTracking().Where(t => t.Id == turn.Id).Select(t => new { t.UsedAi, t.CreditReserved }).SingleAsync(cancellationToken);
            return TurnDecision.Failed("The reply could not be prepared: " + e.Message, usage.UsedAi, usage.CreditReserved);
        }
    }

    /// <param name="now">The conversation as it stands after the decision: a hand-off decided meanwhile (by this turn or an operator) shows here.</param>
    async Task QueueReplyAsync(Turn turn, ConversationNow now, string phone, Message inbound, string reply, CancellationToken cancellationToken)
    {
        if (now.State == ConversationStates.NeedsHuman && now.HandoffTurnId != turn.Id)
        {
            await completion.CompleteAsync(turn.Id, TurnOutcome.NoReply, InboundHandler.HumanHandlesReason, cancellationToken);
            return;
        }
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            turn.Id,
            turn.WorkspaceId,
            turn.ChannelId,
            turn.ConversationId.ToString(),
            phone,
            reply,
            MessageAuthor.Bot,
            null,
            turn.Id,
            inbound.ProviderMessageId,
            time.GetUtcNow()), cancellationToken);
        // The state and its timeline entry in one round trip.
        await using var batch = dataSource.CreateBatch();
        var replying = new NpgsqlBatchCommand("UPDATE agent.turns SET state = 'replying' WHERE id = @turn AND state = 'pending'");
        replying.Parameters.AddWithValue("turn", turn.Id);
        batch.BatchCommands.Add(replying);
        batch.BatchCommands.Add(timeline.Entry(turn.Id, TurnEventKinds.ReplyQueued, $"{reply.Length} characters queued for delivery."));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A reply offering a person makes the customer's next "yes" a hand-off; any other reply
    /// withdraws the offer. Returns the conversation's state as that write found it. The
    /// decision's timeline steps not written yet go in the same round trip.
    /// </summary>
    async Task<ConversationNow> RememberHandoffOfferAsync(Guid conversationId, string reply, IReadOnlyList<NpgsqlBatchCommand> steps, CancellationToken cancellationToken)
    {
        DateTimeOffset? offeredAt = CustomerRequests.OffersHandoff(reply) ? time.GetUtcNow() : null;
        await using var batch = dataSource.CreateBatch();
        var offer = new NpgsqlBatchCommand("UPDATE agent.conversations SET handoff_offered_at = @offered WHERE id = @conversation RETURNING state, handoff_turn_id");
        offer.Parameters.AddWithValue("offered", offeredAt is { } at ? at : DBNull.Value);
        offer.Parameters.AddWithValue("conversation", conversationId);
        batch.BatchCommands.Add(offer);
        foreach (var step in steps)
        {
            batch.BatchCommands.Add(step);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Conversation {conversationId} disappeared during its turn.");
        }
        return new ConversationNow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    readonly record struct ConversationNow(string State, string? HandoffTurnId);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} waits for a service that did not answer ({Reason}); it stays pending and runs again")]
    static partial void LogDependencyUnavailable(ILogger logger, string reason, string turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} failed while preparing its reply")]
    static partial void LogDecisionFailed(ILogger logger, Exception exception, string turnId);
}
