using Agent.Retention;
using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Npgsql;
using NpgsqlTypes;

namespace Agent.Conversations;

/// <summary>What recording an inbound message found: its turn, and whether an earlier delivery of the event already recorded it.</summary>
public sealed record RecordedInbound(Guid ConversationId, string ConversationState, string TurnId, string TurnState, bool IsDuplicate);

/// <summary>
/// Stores an inbound message with its contact, conversation and turn in one statement, one round
/// trip. Idempotent by the provider message id: a redelivered event finds the turn recorded the
/// first time and changes nothing (the statement writes only when the message is not recorded
/// yet), so it can never start a second reply, nor reopen a conversation an operator closed since.
/// Under metadata retention the text goes to <see cref="SessionBodies"/> instead of the database.
/// </summary>
public sealed class InboundRecorder(NpgsqlDataSource dataSource, SessionBodies sessionBodies, TimeProvider time)
{
    /// <summary>The turn an earlier delivery of the message recorded, with its conversation as it stands.</summary>
    const string Recorded = """
        SELECT t.id AS turn_id, t.state AS turn_state, c.id AS conversation_id, c.state AS conversation_state
        FROM agent.messages m
        JOIN agent.turns t ON t.inbound_message_id = m.id AND t.rerun_of IS NULL
        JOIN agent.conversations c ON c.id = m.conversation_id
        WHERE m.channel_id = @channel AND m.provider_message_id = @provider_id AND m.direction = 'inbound'
        """;

    // Each write reads the one before it, so nothing is written for a message already recorded.
    // A closed conversation opens again when the customer writes.
    const string Record = $"""
        WITH recorded AS ({Recorded}),
        contact AS (
            INSERT INTO agent.contacts (id, workspace_id, channel_id, phone, profile_name, created_at)
            SELECT @contact_id, @ws, @channel, @phone, @name, @now WHERE NOT EXISTS (SELECT FROM recorded)
            ON CONFLICT (channel_id, phone) DO UPDATE SET profile_name = COALESCE(excluded.profile_name, contacts.profile_name)
            RETURNING id),
        conversation AS (
            INSERT INTO agent.conversations (id, workspace_id, channel_id, contact_id, state, last_inbound_at, last_message_at, created_at)
            SELECT @conversation_id, @ws, @channel, contact.id, 'bot', @sent, @now, @now FROM contact
            ON CONFLICT (channel_id, contact_id) DO UPDATE SET
                last_inbound_at = GREATEST(conversations.last_inbound_at, excluded.last_inbound_at),
                last_message_at = excluded.last_message_at,
                state = CASE WHEN conversations.state = 'closed' THEN 'bot' ELSE conversations.state END
            RETURNING id, state),
        message AS (
            INSERT INTO agent.messages (conversation_id, workspace_id, channel_id, direction, kind, author, author_name, body,
                                        provider_message_id, reply_to_provider_message_id, created_at, updated_at)
            SELECT conversation.id, @ws, @channel, 'inbound', @kind, 'customer', @name, @body, @provider_id, @context, @now, @now FROM conversation
            ON CONFLICT (channel_id, provider_message_id) WHERE direction = 'inbound' DO NOTHING
            RETURNING id, conversation_id),
        turn AS (
            INSERT INTO agent.turns (id, conversation_id, workspace_id, channel_id, inbound_message_id, state, received_at, due_at)
            SELECT @turn_id, message.conversation_id, @ws, @channel, message.id, 'pending', @now, @due FROM message
            RETURNING id),
        received AS (
            INSERT INTO agent.turn_events (turn_id, at, kind, detail) SELECT turn.id, @now, 'received', @detail FROM turn)
        SELECT message.id, @turn_id, 'pending', conversation.id, conversation.state FROM message JOIN conversation ON conversation.id = message.conversation_id
        UNION ALL
        SELECT NULL, turn_id, turn_state, conversation_id, conversation_state FROM recorded
        """;

    public async Task<RecordedInbound> RecordAsync(InboundMessageReceived inbound, RetentionMode retention, TimeSpan burstWindow, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var turnId = "turn-" + Guid.CreateVersion7(now).ToString("N");
        await using var command = dataSource.CreateCommand(Record);
        command.Parameters.AddWithValue("contact_id", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("conversation_id", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("turn_id", turnId);
        command.Parameters.AddWithValue("ws", inbound.WorkspaceId);
        command.Parameters.AddWithValue("channel", inbound.ChannelId);
        command.Parameters.AddWithValue("phone", CustomerAddress.Key(inbound.From));
        command.Parameters.Add(Text("name", inbound.ContactName));
        // The window runs from when the customer wrote, as the provider counts it.
        command.Parameters.AddWithValue("sent", Earlier(inbound.SentAt, now));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("due", now + burstWindow);
        command.Parameters.AddWithValue("kind", inbound.Kind);
        command.Parameters.Add(Text("body", retention == RetentionMode.Full ? InboundText.Of(inbound) : null));
        command.Parameters.AddWithValue("provider_id", inbound.ProviderMessageId);
        command.Parameters.Add(Text("context", inbound.ContextMessageId));
        command.Parameters.AddWithValue("detail", $"{inbound.Kind} message {inbound.ProviderMessageId} from {inbound.Provider}");

        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                var recorded = Read(reader, isDuplicate: reader.IsDBNull(0));
                if (!recorded.IsDuplicate && retention == RetentionMode.Metadata && InboundText.Of(inbound) is { } text)
                {
                    await sessionBodies.KeepAsync(recorded.ConversationId, reader.GetInt64(0), text);
                }
                return recorded;
            }
        }
        // Another delivery of the same message recorded it while this statement ran (its insert
        // waited for that one and wrote nothing): what it recorded is committed now.
        return await FindRecordedAsync(inbound, cancellationToken);
    }

    async Task<RecordedInbound> FindRecordedAsync(InboundMessageReceived inbound, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT NULL, turn_id, turn_state, conversation_id, conversation_state FROM ({Recorded}) recorded");
        command.Parameters.AddWithValue("channel", inbound.ChannelId);
        command.Parameters.AddWithValue("provider_id", inbound.ProviderMessageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Inbound message {inbound.ProviderMessageId} is recorded without a turn.");
        }
        return Read(reader, isDuplicate: true);
    }

    static RecordedInbound Read(NpgsqlDataReader reader, bool isDuplicate) =>
        new(reader.GetGuid(3), reader.GetString(4), reader.GetString(1), reader.GetString(2), isDuplicate);

    static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    static DateTimeOffset Earlier(DateTimeOffset sentAt, DateTimeOffset now) => sentAt == default || sentAt > now ? now : sentAt;
}
