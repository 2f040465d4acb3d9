using System.Text.Json;

namespace Admin.Conversations;

// The Agent operator API's JSON shapes as the console reads them (src/Agent/Operators).

public sealed record ConversationSummary(
    Guid Id,
    string WorkspaceId,
    string ChannelId,
    string State,
    string? AssignedOperator,
    string? HandoffReason,
    ContactView Contact,
    DateTimeOffset? LastInboundAt,
    DateTimeOffset LastMessageAt,
    DateTimeOffset CreatedAt,
    UnansweredView? Unanswered = null)
{
    /// <summary>The name an operator knows the customer by, else the number.</summary>
    public string DisplayName => Contact.LeadName ?? Contact.ProfileName ?? Contact.Phone;
}

public sealed record ContactView(Guid Id, string Phone, string? ProfileName, string? LeadName, string? LeadEmail, string? LeadInterest, DateTimeOffset? LeadCapturedAt, bool OptedOut = false, DateTimeOffset? OptedOutAt = null);

/// <summary>Why the customer's last message got no reply.</summary>
public sealed record UnansweredView(string Code, string Reason, string TurnId, DateTimeOffset At);

public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Conversations, DateTimeOffset? NextBefore);

public sealed record MessageView(
    long Id,
    string Direction,
    string Kind,
    string Author,
    string? AuthorName,
    string? Body,
    bool BodyRetained,
    string? ProviderMessageId,
    int PartIndex,
    string? TurnId,
    string? DeliveryState,
    string? FailureCode,
    string? FailureReason,
    DateTimeOffset CreatedAt);

public sealed record TranscriptPage(IReadOnlyList<MessageView> Messages, long? NextBefore);

public sealed record TurnView(
    string Id,
    long InboundMessageId,
    string State,
    string? JoinedTurnId,
    string? Outcome,
    string? Reason,
    bool UsedAi,
    bool CreditReserved,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<TurnStepView> Timeline);

public sealed record TurnStepView(DateTimeOffset At, string Kind, string? Detail, JsonElement? Data);

public sealed record FailedMessageView(long Id, Guid ConversationId, string Phone, string Author, string? DeliveryState, string? FailureCode, string FailureReason, DateTimeOffset CreatedAt);

public sealed record RuleTrialView(string RuleId, string Label, bool IsDefault, string ResponseType, IReadOnlyList<RuleTrialStepView> Rules);

public sealed record RuleTrialStepView(string RuleId, string Label, string Matcher, bool Matched, double? Similarity, double? Threshold, string? Note);
