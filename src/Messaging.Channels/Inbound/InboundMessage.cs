namespace Messaging.Channels.Inbound;

/// <summary>
/// One customer message normalized from a Meta webhook or a Twilio form post. Only the parts
/// that fit <see cref="Kind"/> are set; <see cref="RawType"/> keeps the provider's own type.
/// </summary>
/// <param name="ChannelAddress">
/// How the receiving channel is identified: the Meta <c>phone_number_id</c>, or the Twilio
/// business number in E.164 (without <c>whatsapp:</c>).
/// </param>
/// <param name="From">
/// The customer's number in E.164 with a leading <c>+</c>, or, for a user who shares no number,
/// their business-scoped user id (<see cref="CustomerAddress"/>).
/// </param>
/// <param name="Text">What the customer wrote or chose: body, caption, button or row title, reaction emoji.</param>
public sealed record InboundMessage(
    string ChannelAddress,
    string ProviderMessageId,
    string From,
    string? ContactName,
    InboundKind Kind,
    string RawType,
    string? Text,
    DateTimeOffset SentAt)
{
    public IReadOnlyList<InboundMedia> Media { get; init; } = [];

    /// <summary>The id the business gave the tapped button or list row, or the template button payload.</summary>
    public string? ReplyId { get; init; }

    /// <summary>The provider id of the business message this one quotes or answers.</summary>
    public string? ContextMessageId { get; init; }

    public InboundLocation? Location { get; init; }

    public IReadOnlyList<SharedContact> Contacts { get; init; } = [];

    public InboundReaction? Reaction { get; init; }

    public InboundOrder? Order { get; init; }

    /// <summary>Set when the conversation started from a click-to-WhatsApp ad or post.</summary>
    public AdReferral? Referral { get; init; }

    public SystemNotice? System { get; init; }

    /// <summary>Why the provider could not deliver the content (for <see cref="InboundKind.Unsupported"/>).</summary>
    public IReadOnlyList<ProviderError> Errors { get; init; } = [];

    /// <summary>Meta's business-scoped user id of the sender, when given.</summary>
    public string? UserId { get; init; }
}

/// <summary>
/// An attachment: Meta gives a media id to resolve with the Graph API, Twilio a URL to fetch
/// with basic auth.
/// </summary>
public sealed record InboundMedia(string? ProviderMediaId, string? Url, string? ContentType)
{
    public string? Caption { get; init; }
    public string? FileName { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>True for a recorded voice note rather than an audio file.</summary>
    public bool IsVoice { get; init; }
    public bool IsAnimated { get; init; }
}

public sealed record InboundLocation(double Latitude, double Longitude, string? Name, string? Address, string? Url);

public sealed record SharedContact(string? FormattedName, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);

/// <summary>A reaction to <paramref name="MessageId"/>; a null emoji means the reaction was removed.</summary>
public sealed record InboundReaction(string MessageId, string? Emoji);

public sealed record InboundOrder(string? CatalogId, string? Text, IReadOnlyList<OrderItem> Items);

public sealed record OrderItem(string ProductRetailerId, int Quantity, decimal? ItemPrice, string? Currency);

/// <summary>The ad or post a click-to-WhatsApp conversation came from.</summary>
public sealed record AdReferral(
    string? SourceUrl,
    string? SourceId,
    string? SourceType,
    string? Headline,
    string? Body,
    string? MediaType,
    string? MediaUrl,
    string? ClickId);

/// <summary>A WhatsApp notice such as <c>user_changed_number</c>, with the customer's new id when given.</summary>
public sealed record SystemNotice(string? Type, string? Body, string? NewWaId);
