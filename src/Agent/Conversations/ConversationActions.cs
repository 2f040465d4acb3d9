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
    public async Task CaptureLeadAsync(LeadDetails lead, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE agent.contacts SET lead_email = @email, lead_name = COALESCE(@name, lead_name),
                lead_interest = COALESCE(@interest, lead_interest), lead_captured_at = @now
            WHERE id = (SELECT contact_id FROM agent.conversations WHERE id = @conversation)
            """);
        command.Parameters.AddWithValue("email", lead.Email);
        command.Parameters.AddWithValue("name", (object?)lead.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("interest", (object?)lead.Interest ?? DBNull.Value);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("conversation", conversationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} now needs a human (operators notified): {Reason}")]
    static partial void LogHandoff(ILogger logger, Guid conversationId, string reason);
}
