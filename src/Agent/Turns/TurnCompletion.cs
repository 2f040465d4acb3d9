using System.Text.Json;
using Agent.Conversations;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Npgsql;
using NpgsqlTypes;

namespace Agent.Turns;

/// <summary>
/// Ends a turn: its outcome and reason on the timeline, and <c>turn:completed</c> for Billing
/// (commit or release the credit) and Admin. The event goes first: a crash in between leaves
/// the turn open and the retry sends the event again, which its consumers ignore by turn id.
/// A turn that ends without a reply for a reason operators must see puts its conversation in
/// the unanswered queue (<see cref="UnansweredReasons"/>); a reply takes it out.
/// A reply the provider accepted and reported failed for good later revises its turn from
/// replied (<see cref="ReplyFailedAsync"/>): <see cref="TurnReplyFailed"/> on the same stream,
/// for Billing to give the credit back.
/// </summary>
public sealed class TurnCompletion(NpgsqlDataSource dataSource, IEventPublisher events, TurnTimeline timeline, TimeProvider time)
{
    public async Task CompleteAsync(string turnId, TurnOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        if (await FindAsync(turnId, cancellationToken) is { } turn)
        {
            await CompleteAsync(turn, outcome, reason, cancellationToken);
        }
    }

    /// <summary>
    /// Completes <paramref name="turn"/> as the caller read it, without reading it again: its usage
    /// is final once its reply is queued, and a turn completed meanwhile is completed once all the
    /// same (the update checks; a second turn:completed is ignored by turn id).
    /// </summary>
    public async Task CompleteAsync(Turn turn, TurnOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        if (turn.State == TurnStates.Completed)
        {
            // A redelivered reply whose earlier delivery stopped between completing the turn and
            // the check below: the check is what lets a late failure seen meanwhile revise it.
            if (outcome == TurnOutcome.Replied)
            {
                await ReviseIfUndeliveredAsync(turn.Id, cancellationToken);
            }
            return;
        }
        var turnId = turn.Id;
        var now = time.GetUtcNow();
        await events.PublishAsync(StreamNames.TurnCompleted, new TurnCompleted(
            turn.Id, turn.WorkspaceId, turn.ChannelId, turn.ConversationId.ToString(), outcome, turn.UsedAi, turn.CreditReserved, reason, now), cancellationToken);

        // In the same statement: a reply takes the conversation out of the unanswered queue, a
        // silence operators must see puts it in, so no reader sees the turn completed without it.
        var code = UnansweredReasons.Classify(outcome, reason);
        await using var command = dataSource.CreateCommand("""
            WITH completed AS (
                UPDATE agent.turns SET state = 'completed', outcome = @outcome, reason = @reason, completed_at = @now
                WHERE id = @id AND state <> 'completed'
                RETURNING conversation_id, received_at),
            answered AS (
                -- A reply answers what came before it: a later message's turn that could not be
                -- answered (it may complete first while this reply was still being delivered) stays queued.
                UPDATE agent.conversations c SET unanswered_reason = NULL, unanswered_code = NULL, unanswered_turn_id = NULL, unanswered_at = NULL
                FROM completed WHERE @replied AND c.id = completed.conversation_id AND c.unanswered_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM agent.turns later WHERE later.id = c.unanswered_turn_id AND later.received_at > completed.received_at)
                RETURNING c.id),
            unanswered AS (
                UPDATE agent.conversations c SET unanswered_reason = @unanswered_reason, unanswered_code = @code, unanswered_turn_id = @id, unanswered_at = @now
                FROM completed WHERE NOT @replied AND @code IS NOT NULL AND c.id = completed.conversation_id
                RETURNING c.id)
            SELECT count(*) FROM completed
            """);
        command.Parameters.AddWithValue("id", turnId);
        command.Parameters.AddWithValue("outcome", Code(outcome));
        command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("replied", outcome == TurnOutcome.Replied);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = (object?)code ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("unanswered_reason", NpgsqlDbType.Text) { Value = (object?)reason ?? (object?)code ?? DBNull.Value });
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! != 1)
        {
            return;
        }
        if (outcome == TurnOutcome.Replied)
        {
            // A status callback may have reported the reply failed for good before the turn was
            // completed; it found nothing to revise then, so the completion revises it now. Each
            // side writes its own fact first and then reads the other's: one of them sees both.
            await ReviseIfUndeliveredAsync(turnId, cancellationToken);
            return;
        }
        await timeline.AddAsync(turnId, outcome == TurnOutcome.Failed ? TurnEventKinds.Failed : TurnEventKinds.NoReply, reason, cancellationToken: cancellationToken);
        if (code is not null)
        {
            await timeline.AddAsync(turnId, TurnEventKinds.Unanswered, $"In the unanswered queue: {code}.", new { code }, cancellationToken);
        }
    }

    /// <summary>
    /// The turn's reply was accepted by the provider and is now known to have failed for good
    /// (<paramref name="outcome"/>: failed, or no reply when its template fallback could not be
    /// sent). The fact goes on the timeline first (once per turn), then the turn is revised if it
    /// completed as replied; one still being delivered is revised by its own completion. A
    /// redelivered status or a crash between the steps repeats them and changes nothing twice.
    /// </summary>
    public async Task ReplyFailedAsync(string turnId, TurnOutcome outcome, string reason, string? errorCode, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(outcome, TurnOutcome.Replied);
        await using (var command = dataSource.CreateCommand("""
            INSERT INTO agent.turn_events (turn_id, at, kind, detail, data)
            SELECT @turn, @at, @kind, @detail, @data::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM agent.turn_events WHERE turn_id = @turn AND kind = @kind)
            """))
        {
            command.Parameters.AddWithValue("turn", turnId);
            command.Parameters.AddWithValue("at", time.GetUtcNow());
            command.Parameters.AddWithValue("kind", TurnEventKinds.Undelivered);
            command.Parameters.AddWithValue("detail", reason);
            command.Parameters.AddWithValue("data", JsonSerializer.Serialize(new { outcome = Code(outcome), code = errorCode }, JsonSerializerOptions.Web));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await ReviseIfUndeliveredAsync(turnId, cancellationToken);
    }

    /// <summary>
    /// Revises a turn completed as replied whose reply failed for good (its
    /// <see cref="TurnEventKinds.Undelivered"/> step): <see cref="TurnReplyFailed"/> first, as
    /// <see cref="CompleteAsync(Turn, TurnOutcome, string?, CancellationToken)"/> publishes first,
    /// then the outcome and the unanswered queue in one statement that only a replied turn passes.
    /// </summary>
    async Task ReviseIfUndeliveredAsync(string turnId, CancellationToken cancellationToken)
    {
        TurnReplyFailed revision;
        await using (var read = dataSource.CreateCommand("""
            SELECT t.workspace_id, t.channel_id, t.conversation_id, t.used_ai, t.credit_reserved, e.detail, e.data->>'outcome', e.data->>'code'
            FROM agent.turns t
            JOIN LATERAL (SELECT detail, data FROM agent.turn_events WHERE turn_id = t.id AND kind = @kind ORDER BY id LIMIT 1) e ON true
            WHERE t.id = @id AND t.state = 'completed' AND t.outcome = 'replied'
            """))
        {
            read.Parameters.AddWithValue("id", turnId);
            read.Parameters.AddWithValue("kind", TurnEventKinds.Undelivered);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return;
            }
            revision = new TurnReplyFailed(turnId, reader.GetString(0), reader.GetString(1), reader.GetGuid(2).ToString(),
                reader.GetString(6) == TurnOutcomes.NoReply ? TurnOutcome.NoReply : TurnOutcome.Failed,
                reader.GetBoolean(3), reader.GetBoolean(4), reader.GetString(5), reader.IsDBNull(7) ? null : reader.GetString(7), time.GetUtcNow());
        }
        await events.PublishAsync(StreamNames.TurnCompleted, revision, cancellationToken);

        // Into the unanswered queue unless the conversation was answered after this reply (a
        // later turn's reply or an operator's that went out): a stale failure must not hide that.
        var code = UnansweredReasons.Classify(revision.Outcome, revision.Reason);
        await using var command = dataSource.CreateCommand("""
            WITH revised AS (
                UPDATE agent.turns SET outcome = @outcome, reason = @reason
                WHERE id = @id AND state = 'completed' AND outcome = 'replied'
                RETURNING conversation_id, completed_at),
            unanswered AS (
                UPDATE agent.conversations c SET unanswered_reason = @reason, unanswered_code = @code, unanswered_turn_id = @id, unanswered_at = @now
                FROM revised WHERE @code IS NOT NULL AND c.id = revised.conversation_id
                  AND NOT EXISTS (
                      SELECT 1 FROM agent.messages m
                      WHERE m.conversation_id = c.id AND m.direction = 'outbound' AND m.author IN ('bot', 'operator')
                        AND m.turn_id IS DISTINCT FROM @id AND m.created_at > revised.completed_at
                        AND m.delivery_state IN ('sent', 'delivered', 'read'))
                RETURNING c.id)
            SELECT (SELECT count(*) FROM revised), (SELECT count(*) FROM unanswered)
            """);
        command.Parameters.AddWithValue("id", turnId);
        command.Parameters.AddWithValue("outcome", Code(revision.Outcome));
        command.Parameters.AddWithValue("reason", revision.Reason);
        command.Parameters.AddWithValue("now", revision.FailedAt);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = (object?)code ?? DBNull.Value });
        long revised, queued;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (revised, queued) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        if (revised == 1 && queued == 1)
        {
            await timeline.AddAsync(turnId, TurnEventKinds.Unanswered, $"In the unanswered queue: {code}.", new { code }, cancellationToken);
        }
    }

    /// <summary>The conversation got its answer (a bot reply, an operator's reply or a re-run): out of the unanswered queue.</summary>
    public async Task MarkAnsweredAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE agent.conversations SET unanswered_reason = NULL, unanswered_code = NULL, unanswered_turn_id = NULL, unanswered_at = NULL
            WHERE id = @conversation AND unanswered_at IS NOT NULL
            """);
        command.Parameters.AddWithValue("conversation", conversationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records what the turn used before it ends, for the TurnCompleted that Billing settles from.</summary>
    public async Task MarkUsageAsync(string turnId, bool usedAi, bool creditReserved, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE agent.turns SET used_ai = @ai, credit_reserved = @credit WHERE id = @id");
        command.Parameters.AddWithValue("id", turnId);
        command.Parameters.AddWithValue("ai", usedAi);
        command.Parameters.AddWithValue("credit", creditReserved);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<Turn?> FindAsync(string turnId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, conversation_id, workspace_id, channel_id, state, used_ai, credit_reserved FROM agent.turns WHERE id = @id");
        command.Parameters.AddWithValue("id", turnId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Turn
        {
            Id = reader.GetString(0),
            ConversationId = reader.GetGuid(1),
            WorkspaceId = reader.GetString(2),
            ChannelId = reader.GetString(3),
            State = reader.GetString(4),
            UsedAi = reader.GetBoolean(5),
            CreditReserved = reader.GetBoolean(6),
        };
    }

    public static string Code(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Replied => TurnOutcomes.Replied,
        TurnOutcome.NoReply => TurnOutcomes.NoReply,
        _ => TurnOutcomes.Failed,
    };
}
