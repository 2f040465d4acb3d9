using System.Globalization;
using Messaging.Channels.Inbound;

namespace Messaging.Channels.Twilio;

/// <summary>An inbound WhatsApp form post to an <see cref="InboundMessage"/>.</summary>
internal static class TwilioMessageReader
{
    public static InboundMessage Read(TwilioForm form, string sid, DateTimeOffset receivedAt)
    {
        var media = ReadMedia(form);
        var messageType = form["MessageType"];
        var body = form["Body"];

        var message = new InboundMessage(
            PhoneNumbers.ToE164(form["To"]),
            sid,
            PhoneNumbers.ToE164(form["From"]),
            form["ProfileName"],
            InboundKind.Text,
            messageType ?? "text",
            body,
            receivedAt)
        {
            Media = media,
            ContextMessageId = form["OriginalRepliedMessageSid"],
            Referral = ReadReferral(form),
        };

        if (Number(form["Latitude"]) is { } latitude && Number(form["Longitude"]) is { } longitude)
        {
            if (!Coordinates.AreValid(latitude, longitude))
                throw Coordinates.Invalid(latitude, longitude);
            return message with
            {
                Kind = InboundKind.Location,
                RawType = messageType ?? "location",
                Text = null,
                Location = new InboundLocation(latitude, longitude, form["Label"], form["Address"], null),
            };
        }

        if (form["ListId"] is { } listId)
            return message with { Kind = InboundKind.Interactive, RawType = messageType ?? "interactive", ReplyId = listId, Text = form["ListTitle"] ?? body };

        if (form["ButtonPayload"] is not null || form["ButtonText"] is not null)
        {
            return message with
            {
                Kind = messageType == "interactive" ? InboundKind.Interactive : InboundKind.Button,
                RawType = messageType ?? "button",
                ReplyId = form["ButtonPayload"],
                Text = form["ButtonText"] ?? body,
            };
        }

        if (media.Count > 0)
        {
            var kind = KindOfMedia(messageType, media[0].ContentType);
            return message with { Kind = kind, RawType = messageType ?? kind.ToWireName() };
        }

        return messageType is null or "text"
            ? message
            : message with { Kind = InboundKind.Unsupported };
    }

    private static List<InboundMedia> ReadMedia(TwilioForm form)
    {
        var count = int.TryParse(form["NumMedia"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 20) : 0;
        var media = new List<InboundMedia>(count);
        for (var i = 0; i < count; i++)
        {
            if (form[$"MediaUrl{i}"] is { } url)
                media.Add(new InboundMedia(null, url, form[$"MediaContentType{i}"]));
        }
        return media;
    }

    private static InboundKind KindOfMedia(string? messageType, string? contentType) => messageType switch
    {
        "image" => InboundKind.Image,
        "audio" => InboundKind.Audio,
        "video" => InboundKind.Video,
        "document" => InboundKind.Document,
        "sticker" => InboundKind.Sticker,
        _ => contentType?.ToLowerInvariant() switch
        {
            "image/webp" => InboundKind.Sticker,
            "text/vcard" or "text/x-vcard" => InboundKind.Contacts,
            { } type when type.StartsWith("image/", StringComparison.Ordinal) => InboundKind.Image,
            { } type when type.StartsWith("audio/", StringComparison.Ordinal) => InboundKind.Audio,
            { } type when type.StartsWith("video/", StringComparison.Ordinal) => InboundKind.Video,
            _ => InboundKind.Document,
        },
    };

    private static AdReferral? ReadReferral(TwilioForm form) =>
        form["ReferralSourceUrl"] is null && form["ReferralSourceId"] is null && form["ReferralCtwaClid"] is null
            ? null
            : new AdReferral(
                form["ReferralSourceUrl"],
                form["ReferralSourceId"],
                form["ReferralSourceType"],
                form["ReferralHeadline"],
                form["ReferralBody"],
                form["ReferralMediaContentType"],
                form["ReferralMediaUrl"],
                form["ReferralCtwaClid"]);

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
