namespace Messaging.Contracts.Events;

/// <summary>How a conversation turn ended; Billing settles the turn's credit reservation from it.</summary>
public enum TurnOutcome
{
    /// <summary>A reply was sent to the provider.</summary>
    Replied,
    /// <summary>No reply was sent (rule produced nothing, window closed, human took over...).</summary>
    NoReply,
    /// <summary>The turn failed (generation or delivery error).</summary>
    Failed,
}

[EventType("TurnCompleted", version: 1)]
public sealed record TurnCompleted(
    string TurnId,
    string WorkspaceId,
    string ChannelId,
    string ConversationId,
    TurnOutcome Outcome,
    bool UsedAi,
    bool CreditReserved,
    string? Reason,
    DateTimeOffset CompletedAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}
