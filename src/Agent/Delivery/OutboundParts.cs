using Agent.Conversations;
using Agent.Retention;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Npgsql;

namespace Agent.Delivery;

/// <summary>
/// The transcript rows of an outbound message, one per part, keyed by (outbound id, part), so a
/// redelivered OutboundMessageRequested finds what was already sent and sends only the rest.
/// </summary>
public sealed class OutboundParts(NpgsqlDataSource dataSource, SessionBodies sessionBodies, TimeProvider time)
{
    /// <summary>The part's row in 'sending' state, or as an earlier delivery already recorded it (with its failure, if it failed).</summary>
    public async Task<OutboundPart> BeginAsync(OutboundMessageRequested outbound, Guid conversationId, int part, string kind, string? body, RetentionMode retention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO agent.messages (conversation_id, workspace_id, channel_id, direction, kind, author, author_name, body,
                                            outbound_id, part_index, turn_id, reply_to_provider_message_id, delivery_state, created_at, updated_at)
                VALUES (@conversation, @ws, @channel, 'outbound', @kind, @author, @author_name, @body,
                        @outbound, @part, @turn, @reply_to, 'sending', @now, @now)
                ON CONFLICT (outbound_id, part_index) WHERE direction = 'outbound' DO NOTHING
                RETURNING id, delivery_state, failure_code, failure_reason)
            SELECT id, delivery_state, failure_code, failure_reason FROM inserted
            UNION ALL
            SELECT id, delivery_state, failure_code, failure_reason FROM agent.messages WHERE outbound_id = @outbound AND part_index = @part AND direction = 'outbound'
            LIMIT 1
            """);
        command.Parameters.AddWithValue("conversation", conversationId);
        command.Parameters.AddWithValue("ws", outbound.WorkspaceId);
        command.Parameters.AddWithValue("channel", outbound.ChannelId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("author", Author(outbound.Author));
        command.Parameters.AddWithValue("author_name", (object?)outbound.AuthorName ?? DBNull.Value);
        command.Parameters.AddWithValue("body", retention == RetentionMode.Full && body is not null ? body : DBNull.Value);
        command.Parameters.AddWithValue("outbound", outbound.OutboundId);
        command.Parameters.AddWithValue("part", part);
        command.Parameters.AddWithValue("turn", (object?)outbound.TurnId ?? DBNull.Value);
        command.Parameters.AddWithValue("reply_to", part == 0 && outbound.ReplyToProviderMessageId is { } replyTo ? replyTo : DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        OutboundPart row;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            row = new OutboundPart(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        if (retention == RetentionMode.Metadata && body is not null)
        {
            // The operator reads the session's replies too; the database never gets them.
            await sessionBodies.KeepAsync(conversationId, row.Id, body);
        }
        return row;
    }

    /// <param name="step">The turn's timeline step saying so, written in the same round trip; null when the message has no turn.</param>
    public async Task SentAsync(long id, string providerMessageId, NpgsqlBatchCommand? step, CancellationToken cancellationToken)
    {
        // A status callback may have arrived first only if the id was known: never move a row backwards.
        await using var batch = dataSource.CreateBatch();
        var sent = new NpgsqlBatchCommand("""
            UPDATE agent.messages SET provider_message_id = @provider_id, updated_at = @now,
                delivery_state = CASE WHEN delivery_state = 'sending' THEN 'sent' ELSE delivery_state END
            WHERE id = @id
            """);
        sent.Parameters.AddWithValue("id", id);
        sent.Parameters.AddWithValue("provider_id", providerMessageId);
        sent.Parameters.AddWithValue("now", time.GetUtcNow());
        batch.BatchCommands.Add(sent);
        if (step is not null)
        {
            batch.BatchCommands.Add(step);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Failed (the provider refused it) or skipped (never sent, with the reason).</summary>
    public async Task EndAsync(long id, string state, string? code, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE agent.messages SET delivery_state = @state, failure_code = @code, failure_reason = @reason, updated_at = @now WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("code", (object?)code ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static string Author(MessageAuthor author) => author switch
    {
        MessageAuthor.Operator => MessageAuthors.Operator,
        MessageAuthor.System => MessageAuthors.System,
        _ => MessageAuthors.Bot,
    };
}

/// <summary>A part's transcript row: its state and, when it failed or was skipped, the code and reason recorded.</summary>
public sealed record OutboundPart(long Id, string State, string? FailureCode, string? FailureReason)
{
    /// <summary>An earlier delivery ended at this part: refused by the provider, or never sent for a reason.</summary>
    public bool Ended => State is DeliveryStates.Failed or DeliveryStates.Skipped;
}
