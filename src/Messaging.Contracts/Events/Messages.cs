namespace Messaging.Contracts.Events;

public enum ChannelProvider
{
    Meta,
    Twilio,
}

/// <summary>A media attachment of an inbound message: a provider media id (Meta) or URL (Twilio).</summary>
public sealed record InboundMedia(string? ProviderMediaId, string? Url, string? ContentType, string? Caption, string? FileName);

public sealed record InboundLocation(double Latitude, double Longitude, string? Name, string? Address);

/// <summary>The click-to-WhatsApp ad or post a conversation started from: the lead's source.</summary>
public sealed record InboundReferral(string? SourceUrl, string? SourceType, string? SourceId, string? Headline, string? Body, string? ClickId);

/// <summary>A reaction to one of our messages; a null emoji means it was removed.</summary>
public sealed record InboundReaction(string MessageId, string? Emoji);

/// <summary>
/// One customer message, normalized from any provider. <see cref="Kind"/> is the normalized
/// kind (text, image, audio, video, document, sticker, location, contacts, interactive,
/// button, reaction, order, system, unsupported); <see cref="RawType"/> keeps the provider's.
/// <see cref="Detail"/> describes in words what has no field of its own (shared contacts, an
/// order, a system notice, why a message is unsupported).
/// </summary>
[EventType("InboundMessageReceived", version: 1)]
public sealed record InboundMessageReceived(
    string WorkspaceId,
    string ChannelId,
    ChannelProvider Provider,
    string ProviderMessageId,
    string From,
    string To,
    string? ContactName,
    string Kind,
    string RawType,
    string? Text,
    IReadOnlyList<InboundMedia> Media,
    string? ReplyId,
    string? ContextMessageId,
    string? Detail,
    DateTimeOffset SentAt,
    DateTimeOffset ReceivedAt) : IIntegrationEvent
{
    public InboundLocation? Location { get; init; }

    public InboundReferral? Referral { get; init; }

    public InboundReaction? Reaction { get; init; }

    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

/// <summary>sent, delivered, read or failed, with the provider's error when failed.</summary>
[EventType("DeliveryStatusReported", version: 1)]
public sealed record DeliveryStatusReported(
    string WorkspaceId,
    string ChannelId,
    ChannelProvider Provider,
    string ProviderMessageId,
    string Recipient,
    string Status,
    string? ErrorCode,
    string? ErrorTitle,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

/// <summary>Who wrote an outbound message.</summary>
public enum MessageAuthor
{
    Bot,
    Operator,
    System,
}

/// <summary>
/// A reply to deliver: free-form text, or a template when the 24-hour window is closed. An
/// operator who picked a template names it in <see cref="Template"/>; that one is sent, as is.
/// </summary>
[EventType("OutboundMessageRequested", version: 1)]
public sealed record OutboundMessageRequested(
    string OutboundId,
    string WorkspaceId,
    string ChannelId,
    string ConversationId,
    string To,
    string Text,
    MessageAuthor Author,
    string? AuthorName,
    string? TurnId,
    string? ReplyToProviderMessageId,
    DateTimeOffset RequestedAt,
    ChosenTemplate? Template = null) : IIntegrationEvent
{
    /// <summary>
    /// The provider accepted this reply as free-form text and reported later that the 24-hour
    /// window was closed: deliver the approved template instead (once), or record why not.
    /// </summary>
    public bool ProviderClosedWindow { get; init; }

    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

/// <summary>An approved template an operator chose, with the values of its {{1}}, {{2}}, ... in order.</summary>
public sealed record ChosenTemplate(string Name, string Language, IReadOnlyList<string> Parameters);
