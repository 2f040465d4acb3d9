using System.Text.Json;
using System.Text.Json.Serialization;

namespace Messaging.Contracts.Operators;

// The JSON shapes of the Agent's operator API (/api/agent), which Admin's console calls.

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
    [JsonIgnore]
    public string DisplayName => Contact.LeadName ?? Contact.ProfileName ?? Contact.Phone;
}

/// <summary>
/// A contact; the lead fields are its latest lead (every lead: <c>GET /api/agent/leads</c>);
/// <see cref="OptedOut"/> while nothing automated may be sent to it.
/// </summary>
public sealed record ContactView(
    Guid Id,
    string Phone,
    string? ProfileName,
    string? LeadName,
    string? LeadEmail,
    string? LeadInterest,
    DateTimeOffset? LeadCapturedAt,
    bool OptedOut = false,
    DateTimeOffset? OptedOutAt = null,
    string? OptOutText = null,
    string? OptInText = null);

/// <summary>Why the customer's last message got no reply, and the turn that could not answer.</summary>
public sealed record UnansweredView(string Code, string Reason, string TurnId, DateTimeOffset At);

public sealed record UnansweredPage(IReadOnlyList<ConversationSummary> Conversations, DateTimeOffset? NextBefore);

public sealed record RerunAccepted(Guid ConversationId, string TurnId);

public sealed record LeadView(
    long Id,
    string WorkspaceId,
    Guid ContactId,
    Guid ConversationId,
    string Email,
    string? Name,
    string? Interest,
    string? TurnId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record LeadPage(IReadOnlyList<LeadView> Leads, long? NextBefore);

public sealed record WorkspacePolicyView(string WorkspaceId, string? FallbackMessage, IReadOnlyList<string> Languages, DateTimeOffset? UpdatedAt);

public sealed record WorkspacePolicyRequest(string? FallbackMessage, IReadOnlyList<string>? Languages);

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
    IReadOnlyList<TurnStepView> Timeline,
    string? RerunOf = null);

public sealed record TurnStepView(DateTimeOffset At, string Kind, string? Detail, JsonElement? Data);

public sealed record OperatorRequest(string? Operator);

public sealed record ManualReplyRequest(string? Operator, string? Text);

public sealed record ManualReplyAccepted(string OutboundId, Guid ConversationId);

public sealed record FailedMessageView(long Id, Guid ConversationId, string Phone, string Author, string? DeliveryState, string? FailureCode, string FailureReason, DateTimeOffset CreatedAt);

public sealed record TemplateReplyRequest(string? Operator, string? Name, string? Language, IReadOnlyList<string>? Parameters);

public sealed record RuleTrialRequest(string? ChannelId, string? Text);

public sealed record RuleTrialView(string RuleId, string Label, bool IsDefault, string ResponseType, IReadOnlyList<RuleTrialStepView> Rules);

public sealed record RuleTrialStepView(string RuleId, string Label, string Matcher, bool Matched, double? Similarity, double? Threshold, string? Note);

/// <param name="Consent">The visitor ticked the form's consent to be contacted on WhatsApp: a fresh opt-in, so a contact who had opted out is subscribed again.</param>
/// <param name="FormSlug">The form the lead came from (<c>/forms/{slug}</c>), recorded with a renewed opt-in.</param>
public sealed record LeadRequest(string? ChannelId, string? Phone, string? Name, string? Greeting, bool Consent = false, string? FormSlug = null);

public sealed record LeadStarted(Guid ConversationId, string OutboundId);
