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

/// <summary>
/// A turn that completed as <see cref="TurnOutcome.Replied"/> is revised: the provider accepted its
/// reply and reported later that it failed for good (undeliverable, window closed with no
/// template or a failed one). Travels on <c>turn:completed</c> after the turn's
/// <see cref="TurnCompleted"/>, though a consumer may see it first; Billing gives the credit the
/// reply cost back once per turn id. <see cref="Outcome"/> is the turn's outcome now.
/// </summary>
[EventType("TurnReplyFailed", version: 1)]
public sealed record TurnReplyFailed(
    string TurnId,
    string WorkspaceId,
    string ChannelId,
    string ConversationId,
    TurnOutcome Outcome,
    bool UsedAi,
    bool CreditReserved,
    string Reason,
    string? ErrorCode,
    DateTimeOffset FailedAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}
