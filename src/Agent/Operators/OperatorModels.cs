namespace Agent.Operators;

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
    DateTimeOffset CreatedAt);

public sealed record ContactView(Guid Id, string Phone, string? ProfileName, string? LeadName, string? LeadEmail, string? LeadInterest, DateTimeOffset? LeadCapturedAt);

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

public sealed record TurnStepView(DateTimeOffset At, string Kind, string? Detail, System.Text.Json.JsonElement? Data);

public sealed record OperatorRequest(string? Operator);

public sealed record ManualReplyRequest(string? Operator, string? Text);

public sealed record ManualReplyAccepted(string OutboundId, Guid ConversationId);

public sealed record FailedMessageView(long Id, Guid ConversationId, string Phone, string Author, string? DeliveryState, string? FailureCode, string FailureReason, DateTimeOffset CreatedAt);

public sealed record TemplateReplyRequest(string? Operator, string? Name, string? Language, IReadOnlyList<string>? Parameters);
