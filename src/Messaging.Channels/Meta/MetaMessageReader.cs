using System.Text.Json;
using Messaging.Channels.Inbound;
using Messaging.Channels.Json;

namespace Messaging.Channels.Meta;

/// <summary>One element of a webhook's <c>messages</c> array to an <see cref="InboundMessage"/>.</summary>
internal static class MetaMessageReader
{
    public static InboundMessage Read(JsonElement message, string channel, IReadOnlyList<JsonElement> contacts, DateTimeOffset receivedAt)
    {
        var rawType = message.String("type") ?? "unknown";
        var id = message.String("id");
        if (string.IsNullOrWhiteSpace(id))
            throw new MalformedItemException("The message has no id.");
        InboundLimits.Id(id, "message");
        // A user known by a username may have no phone number: the business-scoped user id stands in.
        var waId = message.String("from");
        var userId = message.String("from_user_id");
        var sender = PhoneNumbers.Digits(waId).Length > 0 ? InboundLimits.Phone(waId, $"sender of message {id}")
            : CustomerAddress.IsBusinessScopedUserId(userId) ? userId!.Trim()
            : throw new MalformedItemException($"Message {id} has no sender (neither 'from' nor 'from_user_id').");

        var normalized = new InboundMessage(
            channel,
            id,
            sender,
            ContactName(contacts, waId, userId),
            InboundKind.Unsupported,
            rawType,
            Text: null,
            message.UnixTime("timestamp") ?? receivedAt)
        {
            ContextMessageId = message.Object("context").String("id"),
            Referral = message.Object("referral") is { } referral ? ReadReferral(referral) : null,
            Errors = [.. message.Array("errors").Select(MetaWebhookParser.ReadError)],
            UserId = userId,
        };

        var content = message.Object(rawType);
        return (rawType, content) switch
        {
            ("text", { } text) => normalized with { Kind = InboundKind.Text, Text = text.String("body") },
            ("image", { } media) => WithMedia(normalized, InboundKind.Image, media),
            ("audio", { } media) => WithMedia(normalized, InboundKind.Audio, media),
            ("video", { } media) => WithMedia(normalized, InboundKind.Video, media),
            ("document", { } media) => WithMedia(normalized, InboundKind.Document, media),
            ("sticker", { } media) => WithMedia(normalized, InboundKind.Sticker, media),
            ("location", { } location) => ReadLocation(normalized, location),
            ("contacts", _) => ReadContacts(normalized, message),
            ("interactive", { } interactive) => ReadInteractive(normalized, interactive),
            ("button", { } button) => normalized with
            {
                Kind = InboundKind.Button,
                Text = button.String("text"),
                ReplyId = button.String("payload"),
            },
            ("reaction", { } reaction) => normalized with
            {
                Kind = InboundKind.Reaction,
                Text = reaction.String("emoji"),
                Reaction = new InboundReaction(ReactedTo(reaction, id), reaction.String("emoji")),
            },
            ("order", { } order) => normalized with
            {
                Kind = InboundKind.Order,
                Text = order.String("text"),
                Order = new InboundOrder(order.String("catalog_id"), order.String("text"), [.. order.Array("product_items").Select(ReadOrderItem)]),
            },
            ("system", { } system) => normalized with
            {
                Kind = InboundKind.System,
                Text = system.String("body"),
                System = new SystemNotice(system.String("type"), system.String("body"), system.String("wa_id") ?? system.String("new_wa_id")),
            },
            _ => normalized,
        };
    }

    /// <summary>A reaction names the message it is on; one that names none is never keyed on "".</summary>
    private static string ReactedTo(JsonElement reaction, string id)
    {
        var target = reaction.String("message_id");
        if (string.IsNullOrWhiteSpace(target))
            throw new MalformedItemException($"Reaction {id} does not say which message it is on (no message_id).");
        return InboundLimits.Id(target, "reacted-to message");
    }

    private static string? ContactName(IReadOnlyList<JsonElement> contacts, string? waId, string? userId)
    {
        var contact = contacts.FirstOrDefault(c => (waId is not null && c.String("wa_id") == waId) || (userId is not null && c.String("user_id") == userId));
        if (contact.ValueKind != JsonValueKind.Object && contacts.Count == 1)
            contact = contacts[0];
        return contact.ValueKind == JsonValueKind.Object ? contact.Object("profile").String("name") : null;
    }

    private static InboundMessage WithMedia(InboundMessage message, InboundKind kind, JsonElement media)
    {
        var caption = media.String("caption");
        return message with
        {
            Kind = kind,
            Text = caption,
            Media =
            [
                new InboundMedia(media.String("id"), media.String("url") ?? media.String("link"), media.String("mime_type"))
                {
                    Caption = caption,
                    FileName = media.String("filename"),
                    Sha256 = media.String("sha256"),
                    IsVoice = media.Boolean("voice") ?? false,
                    IsAnimated = media.Boolean("animated") ?? false,
                },
            ],
        };
    }

    private static InboundMessage ReadLocation(InboundMessage message, JsonElement location)
    {
        if (location.Double("latitude") is not { } latitude || location.Double("longitude") is not { } longitude)
            return message;
        if (!Coordinates.AreValid(latitude, longitude))
            throw Coordinates.Invalid(latitude, longitude);
        return message with
        {
            Kind = InboundKind.Location,
            Location = new InboundLocation(latitude, longitude, location.String("name"), location.String("address"), location.String("url")),
        };
    }

    private static InboundMessage ReadContacts(InboundMessage message, JsonElement raw) => message with
    {
        Kind = InboundKind.Contacts,
        Contacts =
        [
            .. raw.Array("contacts").Select(contact => new SharedContact(
                contact.Object("name").String("formatted_name"),
                [.. contact.Array("phones").Select(p => p.String("phone") ?? p.String("wa_id")).OfType<string>()],
                [.. contact.Array("emails").Select(e => e.String("email")).OfType<string>()])),
        ],
    };

    private static InboundMessage ReadInteractive(InboundMessage message, JsonElement interactive)
    {
        var subtype = interactive.String("type");
        var reply = subtype is null ? null : interactive.Object(subtype);
        return (subtype, reply) switch
        {
            ("button_reply" or "list_reply", { } choice) => message with
            {
                Kind = InboundKind.Interactive,
                ReplyId = choice.String("id"),
                Text = choice.String("title"),
            },
            // A completed WhatsApp Flow: the answers are JSON in response_json.
            ("nfm_reply", { } flow) => message with
            {
                Kind = InboundKind.Interactive,
                ReplyId = flow.String("name"),
                Text = flow.String("response_json") ?? flow.String("body"),
            },
            _ => message,
        };
    }

    private static OrderItem ReadOrderItem(JsonElement item) => new(
        item.String("product_retailer_id") ?? string.Empty,
        item.Int32("quantity") ?? 1,
        item.Decimal("item_price"),
        item.String("currency"));

    private static AdReferral ReadReferral(JsonElement referral) => new(
        referral.String("source_url"),
        referral.String("source_id"),
        referral.String("source_type"),
        referral.String("headline"),
        referral.String("body"),
        referral.String("media_type"),
        referral.String("image_url") ?? referral.String("video_url"),
        referral.String("ctwa_clid"));
}
