namespace Agent.Conversations;

/// <summary>A customer on one channel, with what the AI's capture_lead learned about them.</summary>
public sealed class Contact
{
    public Guid Id { get; set; }
    public required string WorkspaceId { get; set; }
    public required string ChannelId { get; set; }
    /// <summary>The number's digits.</summary>
    public required string Phone { get; set; }
    public string? ProfileName { get; set; }
    public string? LeadName { get; set; }
    public string? LeadEmail { get; set; }
    public string? LeadInterest { get; set; }
    public DateTimeOffset? LeadCapturedAt { get; set; }
    /// <summary>Set by STOP and its equivalents: nothing automated goes to the contact until START.</summary>
    public DateTimeOffset? OptedOutAt { get; set; }
    /// <summary>The words the contact opted out with, for operators.</summary>
    public string? OptOutText { get; set; }
    /// <summary>How the contact last opted in again after opting out (START, or the lead form they consented on), for operators.</summary>
    public string? OptInText { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// What capture_lead saved: one record per person (email) and interest in a workspace, so a second
/// interest in the same conversation adds a record and the same one again updates it.
/// </summary>
public sealed class Lead
{
    public long Id { get; set; }
    public required string WorkspaceId { get; set; }
    public Guid ContactId { get; set; }
    public Guid ConversationId { get; set; }
    public required string Email { get; set; }
    /// <summary>The email lower-cased: who the person is.</summary>
    public required string EmailKey { get; set; }
    public string? Name { get; set; }
    public string? Interest { get; set; }
    /// <summary>The interest lower-cased with spaces collapsed ("" when none): which of the person's leads this is.</summary>
    public required string InterestKey { get; set; }
    public string? TurnId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The Agent's own settings of a workspace: the message a customer gets when no reply can be
/// sent (canned, free; none by default), and the languages the workspace serves (the first is
/// the one offline replies are written in; opt-out words are understood in all of them).
/// </summary>
public sealed class WorkspacePolicy
{
    public required string WorkspaceId { get; set; }
    public string? FallbackMessage { get; set; }
    public required string[] Languages { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class Conversation
{
    public Guid Id { get; set; }
    public required string WorkspaceId { get; set; }
    public required string ChannelId { get; set; }
    public Guid ContactId { get; set; }
    public Contact? Contact { get; set; }
    /// <summary><see cref="ConversationStates"/>.</summary>
    public required string State { get; set; }
    public string? AssignedOperator { get; set; }
    public string? HandoffReason { get; set; }
    /// <summary>The turn whose AI asked for a human: its own hand-off reply may still be sent.</summary>
    public string? HandoffTurnId { get; set; }
    /// <summary>Why the customer's last message got no reply (null once answered): the unanswered queue.</summary>
    public string? UnansweredReason { get; set; }
    /// <summary>A stable code for <see cref="UnansweredReason"/> (<see cref="Turns.UnansweredReasons"/>).</summary>
    public string? UnansweredCode { get; set; }
    public string? UnansweredTurnId { get; set; }
    public DateTimeOffset? UnansweredAt { get; set; }
    /// <summary>When the bot last offered to pass the conversation to a person: a "yes" to it hands over.</summary>
    public DateTimeOffset? HandoffOfferedAt { get; set; }
    /// <summary>Opens the 24-hour window in which free-form messages may be sent.</summary>
    public DateTimeOffset? LastInboundAt { get; set; }
    public DateTimeOffset LastMessageAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class ConversationStates
{
    public const string Bot = "bot";
    public const string NeedsHuman = "needs_human";
    public const string Closed = "closed";
}

/// <summary>One message of a transcript; an outbound reply longer than 4096 characters has a row per part.</summary>
public sealed class Message
{
    public long Id { get; set; }
    public Guid ConversationId { get; set; }
    public required string WorkspaceId { get; set; }
    public required string ChannelId { get; set; }
    public required string Direction { get; set; }
    public required string Kind { get; set; }
    public required string Author { get; set; }
    public string? AuthorName { get; set; }
    /// <summary>Null under metadata retention and once purged.</summary>
    public string? Body { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? OutboundId { get; set; }
    public int PartIndex { get; set; }
    public string? TurnId { get; set; }
    public string? ReplyToProviderMessageId { get; set; }
    /// <summary><see cref="DeliveryStates"/>; null for inbound messages.</summary>
    public string? DeliveryState { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? BodyPurgedAt { get; set; }
}

public static class MessageDirections
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
}

public static class MessageAuthors
{
    public const string Customer = "customer";
    public const string Bot = "bot";
    public const string Operator = "operator";
    public const string System = "system";
}

public static class DeliveryStates
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>The handling of one inbound message: answered by itself, or joined into a later message's turn.</summary>
public sealed class Turn
{
    public required string Id { get; set; }
    public Guid ConversationId { get; set; }
    public required string WorkspaceId { get; set; }
    public required string ChannelId { get; set; }
    public long InboundMessageId { get; set; }
    /// <summary><see cref="TurnStates"/>.</summary>
    public required string State { get; set; }
    public string? JoinedTurnId { get; set; }
    /// <summary>The unanswered turn an operator re-ran as this one (same inbound message, a turn and a credit of its own).</summary>
    public string? RerunOf { get; set; }
    public string? Outcome { get; set; }
    public string? Reason { get; set; }
    public bool CreditReserved { get; set; }
    public bool UsedAi { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>When the burst window closes and the turn may be answered.</summary>
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public static class TurnStates
{
    public const string Pending = "pending";
    public const string Joined = "joined";
    /// <summary>A reply is on its way to the provider; delivery completes the turn.</summary>
    public const string Replying = "replying";
    public const string Completed = "completed";
}

public static class TurnOutcomes
{
    public const string Replied = "replied";
    public const string NoReply = "no_reply";
    public const string HandoffRequested = "handoff_requested";
    public const string TakenOver = "taken_over";
    public const string Failed = "failed";
}

/// <summary>A step of a turn's timeline.</summary>
public sealed class TurnEvent
{
    public long Id { get; set; }
    public required string TurnId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public string? Detail { get; set; }
    public string? Data { get; set; }
}

/// <summary>The steps of a turn's timeline.</summary>
public static class TurnEventKinds
{
    public const string Received = "received";
    public const string Buffered = "buffered";
    public const string RuleMatched = "rule_matched";
    public const string CreditReserved = "credit_reserved";
    public const string CreditDenied = "credit_denied";
    public const string InjectionFlagged = "injection_flagged";
    public const string Generated = "generated";
    public const string GenerationFailed = "generation_failed";
    public const string ToolCalled = "tool_called";
    public const string ReplyQueued = "reply_queued";
    public const string Template = "template";
    public const string Retrying = "retrying";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
    /// <summary>The provider reported the turn's reply failed for good after accepting it: the turn is revised from replied.</summary>
    public const string Undelivered = "undelivered";
    public const string NoReply = "no_reply";
    public const string HandoffRequested = "handoff_requested";
    public const string TakenOver = "taken_over";
    public const string OptedOut = "opted_out";
    public const string OptedIn = "opted_in";
    public const string Unanswered = "unanswered";
    public const string Rerun = "rerun";
    public const string Fallback = "fallback";
}
