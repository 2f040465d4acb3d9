namespace Messaging.Channels.Inbound;

/// <summary>Where an outbound message stands, the same for every provider.</summary>
public enum DeliveryState
{
    /// <summary>Accepted by the provider, not yet handed to WhatsApp.</summary>
    Queued,
    Sent,
    Delivered,
    Read,
    /// <summary>Will not arrive (Meta <c>failed</c>; Twilio <c>failed</c>, <c>undelivered</c>, <c>canceled</c>).</summary>
    Failed,
    /// <summary>A status this library does not know; <see cref="DeliveryStatus.RawStatus"/> says which.</summary>
    Unknown,
}

/// <summary>A status update for a message the business sent.</summary>
/// <param name="ChannelAddress">Meta <c>phone_number_id</c> or the Twilio business number in E.164.</param>
/// <param name="Recipient">The customer's number in E.164 with a leading <c>+</c>.</param>
public sealed record DeliveryStatus(
    string ChannelAddress,
    string ProviderMessageId,
    string Recipient,
    DeliveryState State,
    string RawStatus,
    DateTimeOffset OccurredAt)
{
    public IReadOnlyList<ProviderError> Errors { get; init; } = [];
    public StatusPricing? Pricing { get; init; }
    public StatusConversation? Conversation { get; init; }
}

/// <summary>Meta's pricing block: whether and how the message is charged.</summary>
public sealed record StatusPricing(bool Billable, string? PricingModel, string? Category, string? Type);

/// <summary>Meta's conversation block: the conversation the message opened or belongs to.</summary>
public sealed record StatusConversation(string? Id, string? OriginType, DateTimeOffset? ExpiresAt);
