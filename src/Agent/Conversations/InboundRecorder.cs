using Agent.Retention;
using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Npgsql;

namespace Agent.Conversations;

/// <summary>What recording an inbound message found: its turn, and whether an earlier delivery of the event already recorded it.</summary>
public sealed record RecordedInbound(Guid ConversationId, string ConversationState, string TurnId, string TurnState, bool IsDuplicate);

/// <summary>
/// Stores an inbound message with its contact, conversation and turn in one transaction.
/// Idempotent by the provider message id: a redelivered event finds the turn recorded the
/// first time and changes nothing, so it can never start a second reply. Under metadata
/// retention the text goes to <see cref="SessionBodies"/> instead of the database.
/// </summary>
public sealed class InboundRecorder(NpgsqlDataSource dataSource, SessionBodies sessionBodies, TimeProvider time)
{
    public async Task<RecordedInbound> RecordAsync(InboundMessageReceived inbound, RetentionMode retention, TimeSpan burstWindow, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var contactId = await ScalarAsync<Guid>(connection, transaction, """
            INSERT INTO agent.contacts (id, workspace_id, channel_id, phone, profile_name, created_at)
            VALUES (@id, @ws, @channel, @phone, @name, @now)
            ON CONFLICT (channel_id, phone) DO UPDATE SET profile_name = COALESCE(excluded.profile_name, contacts.profile_name)
            RETURNING id
            """, cancellationToken,
            ("id", Guid.CreateVersion7(now)), ("ws", inbound.WorkspaceId), ("channel", inbound.ChannelId),
            ("phone", CustomerAddress.Key(inbound.From)), ("name", (object?)inbound.ContactName ?? DBNull.Value), ("now", now));

        // A closed conversation opens again when the customer writes.
        Guid conversationId;
        string conversationState;
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO agent.conversations (id, workspace_id, channel_id, contact_id, state, last_inbound_at, last_message_at, created_at)
            VALUES (@id, @ws, @channel, @contact, 'bot', @sent, @now, @now)
            ON CONFLICT (channel_id, contact_id) DO UPDATE SET
                last_inbound_at = GREATEST(conversations.last_inbound_at, excluded.last_inbound_at),
                last_message_at = excluded.last_message_at,
                state = CASE WHEN conversations.state = 'closed' THEN 'bot' ELSE conversations.state END
            RETURNING id, state
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("id", Guid.CreateVersion7(now));
            upsert.Parameters.AddWithValue("ws", inbound.WorkspaceId);
            upsert.Parameters.AddWithValue("channel", inbound.ChannelId);
            upsert.Parameters.AddWithValue("contact", contactId);
            // The window runs from when the customer wrote, as the provider counts it.
            upsert.Parameters.AddWithValue("sent", Earlier(inbound.SentAt, now));
            upsert.Parameters.AddWithValue("now", now);
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            conversationId = reader.GetGuid(0);
            conversationState = reader.GetString(1);
        }

        var messageId = await ScalarAsync<long?>(connection, transaction, """
            INSERT INTO agent.messages (conversation_id, workspace_id, channel_id, direction, kind, author, author_name, body,
                                        provider_message_id, reply_to_provider_message_id, created_at, updated_at)
            VALUES (@conversation, @ws, @channel, 'inbound', @kind, 'customer', @name, @body, @provider_id, @context, @now, @now)
            ON CONFLICT (channel_id, provider_message_id) WHERE direction = 'inbound' DO NOTHING
            RETURNING id
            """, cancellationToken,
            ("conversation", conversationId), ("ws", inbound.WorkspaceId), ("channel", inbound.ChannelId), ("kind", inbound.Kind),
            ("name", (object?)inbound.ContactName ?? DBNull.Value),
            ("body", retention == RetentionMode.Full && InboundText.Of(inbound) is { } body ? body : DBNull.Value),
            ("provider_id", inbound.ProviderMessageId), ("context", (object?)inbound.ContextMessageId ?? DBNull.Value), ("now", now));

        if (messageId is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await FindExistingAsync(inbound, conversationId, conversationState, cancellationToken);
        }

        var turnId = "turn-" + Guid.CreateVersion7(now).ToString("N");
        await ExecuteAsync(connection, transaction, """
            INSERT INTO agent.turns (id, conversation_id, workspace_id, channel_id, inbound_message_id, state, received_at, due_at)
            VALUES (@id, @conversation, @ws, @channel, @message, 'pending', @now, @due);
            INSERT INTO agent.turn_events (turn_id, at, kind, detail) VALUES (@id, @now, 'received', @detail);
            """, cancellationToken,
            ("id", turnId), ("conversation", conversationId), ("ws", inbound.WorkspaceId), ("channel", inbound.ChannelId),
            ("message", messageId.Value), ("now", now), ("due", now + burstWindow),
            ("detail", $"{inbound.Kind} message {inbound.ProviderMessageId} from {inbound.Provider}"));
        await transaction.CommitAsync(cancellationToken);
        if (retention == RetentionMode.Metadata && InboundText.Of(inbound) is { } text)
        {
            await sessionBodies.KeepAsync(conversationId, messageId.Value, text);
        }
        return new RecordedInbound(conversationId, conversationState, turnId, TurnStates.Pending, IsDuplicate: false);
    }

    async Task<RecordedInbound> FindExistingAsync(InboundMessageReceived inbound, Guid conversationId, string conversationState, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT t.id, t.state FROM agent.turns t JOIN agent.messages m ON m.id = t.inbound_message_id
            WHERE m.channel_id = @channel AND m.provider_message_id = @provider_id AND m.direction = 'inbound' AND t.rerun_of IS NULL
            """);
        command.Parameters.AddWithValue("channel", inbound.ChannelId);
        command.Parameters.AddWithValue("provider_id", inbound.ProviderMessageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Inbound message {inbound.ProviderMessageId} is recorded without a turn.");
        }
        return new RecordedInbound(conversationId, conversationState, reader.GetString(0), reader.GetString(1), IsDuplicate: true);
    }

    static DateTimeOffset Earlier(DateTimeOffset sentAt, DateTimeOffset now) => sentAt == default || sentAt > now ? now : sentAt;

    static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? default! : (T)result;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
