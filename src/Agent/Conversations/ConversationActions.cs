using Agent.Ai.Tools;
using Npgsql;

namespace Agent.Conversations;

/// <summary>The AI tools' effects on one conversation: the contact's lead record, and the hand-off to a human.</summary>
public sealed partial class ConversationActions(
    Guid conversationId,
    string turnId,
    NpgsqlDataSource dataSource,
    TurnTimeline timeline,
    TimeProvider time,
    ILogger logger) : IConversationActions
{
    public async Task<bool> CaptureLeadAsync(LeadDetails lead, CancellationToken cancellationToken)
    {
        // The lead record per person and interest, and the contact's latest lead fields, in one statement.
        await using var command = dataSource.CreateCommand("""
            WITH conversation AS (
                SELECT workspace_id, contact_id FROM agent.conversations WHERE id = @conversation
            ), contact AS (
                UPDATE agent.contacts SET lead_email = @email, lead_name = COALESCE(@name, lead_name),
                    lead_interest = COALESCE(@interest, lead_interest), lead_captured_at = @now
                WHERE id = (SELECT contact_id FROM conversation)
            )
            INSERT INTO agent.leads (workspace_id, contact_id, conversation_id, email, email_key, name, interest, interest_key, turn_id, created_at, updated_at)
            SELECT workspace_id, contact_id, @conversation, @email, @email_key, @name, @interest, @interest_key, @turn, @now, @now FROM conversation
            ON CONFLICT (workspace_id, email_key, interest_key) DO UPDATE SET
                email = EXCLUDED.email, name = COALESCE(EXCLUDED.name, agent.leads.name), interest = COALESCE(EXCLUDED.interest, agent.leads.interest),
                contact_id = EXCLUDED.contact_id, conversation_id = EXCLUDED.conversation_id, turn_id = EXCLUDED.turn_id, updated_at = EXCLUDED.updated_at
            RETURNING (xmax = 0)
            """);
        command.Parameters.AddWithValue("email", lead.Email);
        command.Parameters.AddWithValue("email_key", lead.Email.ToLowerInvariant());
        command.Parameters.AddWithValue("name", (object?)lead.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("interest", (object?)lead.Interest ?? DBNull.Value);
        command.Parameters.AddWithValue("interest_key", LeadKeys.Interest(lead.Interest));
        command.Parameters.AddWithValue("turn", turnId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("conversation", conversationId);
        var created = await command.ExecuteScalarAsync(cancellationToken) is true;
        LogLead(logger, conversationId, created);
        return created;
    }

    public async Task RequestHumanAsync(string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE agent.conversations SET state = 'needs_human', handoff_reason = @reason, handoff_turn_id = @turn
            WHERE id = @conversation AND state <> 'needs_human'
            """);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("turn", turnId);
        command.Parameters.AddWithValue("conversation", conversationId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            LogHandoff(logger, conversationId, reason);
            await timeline.AddAsync(turnId, TurnEventKinds.HandoffRequested, $"The AI asked for a human: {reason}", cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: lead saved (new record: {Created})")]
    static partial void LogLead(ILogger logger, Guid conversationId, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} now needs a human (operators notified): {Reason}")]
    static partial void LogHandoff(ILogger logger, Guid conversationId, string reason);
}
