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
                RETURNING conversation_id),
            answered AS (
                UPDATE agent.conversations c SET unanswered_reason = NULL, unanswered_code = NULL, unanswered_turn_id = NULL, unanswered_at = NULL
                FROM completed WHERE @replied AND c.id = completed.conversation_id AND c.unanswered_at IS NOT NULL
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
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! != 1 || outcome == TurnOutcome.Replied)
        {
            return;
        }
        await timeline.AddAsync(turnId, outcome == TurnOutcome.Failed ? TurnEventKinds.Failed : TurnEventKinds.NoReply, reason, cancellationToken: cancellationToken);
        if (code is not null)
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
