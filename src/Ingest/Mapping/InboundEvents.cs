using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using ContractMedia = Messaging.Contracts.Events.InboundMedia;
using ContractLocation = Messaging.Contracts.Events.InboundLocation;
using ContractReaction = Messaging.Contracts.Events.InboundReaction;

namespace Ingest.Mapping;

/// <summary>Provider records from Messaging.Channels, turned into the events the pipeline carries.</summary>
public static class InboundEvents
{
    public static InboundMessageReceived ToEvent(InboundMessage message, TenantChannel channel, DateTimeOffset receivedAt) =>
        new(
            channel.WorkspaceId,
            channel.Id,
            channel.Provider,
            message.ProviderMessageId,
            CustomerAddress.Key(message.From),
            BusinessNumber(channel, message.ChannelAddress),
            message.ContactName,
            message.Kind.ToWireName(),
            message.RawType,
            message.Text,
            [.. message.Media.Select(m => new ContractMedia(m.ProviderMediaId, m.Url, m.ContentType, m.Caption, m.FileName))],
            message.ReplyId,
            message.ContextMessageId,
            Describe(message),
            message.SentAt,
            receivedAt)
        {
            Location = message.Location is { } l ? new ContractLocation(l.Latitude, l.Longitude, l.Name, l.Address) : null,
            Referral = message.Referral is { } r ? new InboundReferral(r.SourceUrl, r.SourceType, r.SourceId, r.Headline, r.Body, r.ClickId) : null,
            Reaction = message.Reaction is { } x ? new ContractReaction(x.MessageId, x.Emoji) : null,
        };

    public static DeliveryStatusReported ToEvent(DeliveryStatus status, TenantChannel channel)
    {
        var error = status.Errors.Count > 0 ? status.Errors[0] : null;
        return new DeliveryStatusReported(
            channel.WorkspaceId,
            channel.Id,
            channel.Provider,
            status.ProviderMessageId,
            CustomerAddress.Key(status.Recipient),
            status.State.ToString().ToLowerInvariant(),
            error?.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            error is null ? null : error.Title ?? error.Message,
            status.OccurredAt);
    }

    /// <summary>A provider delivers a message more than once; its id, per channel, is what makes it unique.</summary>
    public static string DeduplicationKey(InboundMessage message, TenantChannel channel) =>
        $"ingest:dedup:{channel.Id}:msg:{message.ProviderMessageId}";

    /// <summary>Each state of a sent message is reported once; a repeat of the same state is a duplicate.</summary>
    public static string DeduplicationKey(DeliveryStatus status, TenantChannel channel) =>
        $"ingest:dedup:{channel.Id}:status:{status.ProviderMessageId}:{status.RawStatus.ToLowerInvariant()}";

    static string BusinessNumber(TenantChannel channel, string channelAddress) =>
        PhoneNumbers.Digits(channel.Meta?.DisplayPhoneNumber ?? channel.Twilio?.Number ?? channelAddress);

    static string? Describe(InboundMessage message)
    {
        var parts = new List<string>();
        foreach (var contact in message.Contacts)
        {
            parts.Add($"contact {contact.FormattedName} {string.Join(", ", contact.Phones.Concat(contact.Emails))}".TrimEnd());
        }
        if (message.Order is { } order)
        {
            parts.Add($"order of {order.Items.Sum(i => i.Quantity)} item(s) from catalog {order.CatalogId}: " +
                string.Join(", ", order.Items.Select(i => $"{i.Quantity} x {i.ProductRetailerId}")));
        }
        if (message.System is { } notice)
        {
            parts.Add($"system: {notice.Type} {notice.Body}".TrimEnd());
        }
        foreach (var error in message.Errors)
        {
            parts.Add($"provider error {error.Code}: {error.Title ?? error.Message}");
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
