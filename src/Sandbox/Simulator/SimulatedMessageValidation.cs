using Messaging.Channels.Inbound;
namespace Sandbox.Simulator;

public static class SimulatedMessageValidation
{
    static readonly string[] MediaKinds = ["image", "audio", "video", "document", "sticker"];
    static readonly string[] ButtonTypes = ["button_reply", "list_reply", "quick_reply"];

    /// <summary>The media content, or the reason the message cannot be simulated.</summary>
    public static (byte[]? Media, string? Error) Validate(SimulatedMessage message, int maxMediaBytes)
    {
        if (!PhoneNumbers.IsPlausible(message.Customer))
        {
            return (null, "customer must be a phone number (7 to 15 digits).");
        }

        var parts = new object?[] { message.Media, message.Location, message.Button }.Count(p => p is not null);
        if (parts > 1 || (parts == 1 && message.Media is null && !string.IsNullOrEmpty(message.Text)))
        {
            return (null, "Send one of: text, media (with an optional caption in text), location, or button.");
        }

        if (parts == 0 && string.IsNullOrWhiteSpace(message.Text))
        {
            return (null, "The message is empty: give text, media, location or button.");
        }

        if (message.Location is { } location && (Math.Abs(location.Latitude) > 90 || Math.Abs(location.Longitude) > 180))
        {
            return (null, "location latitude must be within ±90 and longitude within ±180.");
        }

        if (message.Button is { } button && (string.IsNullOrEmpty(button.Id) || string.IsNullOrEmpty(button.Title) || !ButtonTypes.Contains(button.Type)))
        {
            return (null, "button needs an id, a title and a type of button_reply, list_reply or quick_reply.");
        }

        if (message.Media is not { } media)
        {
            return (null, null);
        }

        if (!MediaKinds.Contains(media.Kind) || string.IsNullOrWhiteSpace(media.MimeType) || !media.MimeType.Contains('/', StringComparison.Ordinal))
        {
            return (null, "media needs a kind (image, audio, video, document, sticker) and a MIME type.");
        }

        if (media.ContentBase64.Length > (maxMediaBytes + 2) / 3 * 4 + 4)
        {
            return (null, $"media is larger than {maxMediaBytes} bytes.");
        }

        try
        {
            var content = Convert.FromBase64String(media.ContentBase64);
            return content.Length is > 0 && content.Length <= maxMediaBytes
                ? (content, null)
                : (null, $"media must hold 1 to {maxMediaBytes} bytes.");
        }
        catch (FormatException)
        {
            return (null, "media contentBase64 is not valid base64.");
        }
    }
}
