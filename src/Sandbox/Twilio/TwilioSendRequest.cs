using System.Text.Json;
using System.Text.RegularExpressions;
using Messaging.Channels.Inbound;

namespace Sandbox.Twilio;

/// <summary>A validated Messages.json request; <paramref name="From"/> and <paramref name="To"/> are E.164 without the channel prefix.</summary>
/// <param name="StatusCallback">The request's own callback URL, if any.</param>
public sealed record TwilioMessage(string From, string To, string Body, IReadOnlyList<string> MediaUrls, string? ContentSid, string? ContentVariables, Uri? StatusCallback)
{
    /// <summary>Content templates are the only messages allowed outside the 24-hour window.</summary>
    public bool IsTemplate => ContentSid is not null;
}

/// <summary>Validates a Messages.json form the way Twilio does, for WhatsApp senders.</summary>
public static partial class TwilioSendRequest
{
    const string Prefix = "whatsapp:";

    /// <summary>Returns the message or the first error Twilio would report; sender ownership is checked by the caller.</summary>
    public static (TwilioMessage? Message, TwilioError? Error) Parse(IFormCollection form)
    {
        string to = form["To"].ToString(), from = form["From"].ToString();
        if (to.Length == 0)
        {
            return (null, TwilioError.ToRequired());
        }

        if (from.Length == 0)
        {
            return (null, TwilioError.FromRequired());
        }

        if (!from.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !PhoneNumbers.IsPlausible(from[Prefix.Length..]))
        {
            return (null, TwilioError.UnknownSender());
        }

        if (!to.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (null, TwilioError.ChannelMismatch());
        }

        if (!PhoneNumbers.IsPlausible(to[Prefix.Length..]))
        {
            return (null, TwilioError.InvalidTo(to));
        }

        var body = form["Body"].ToString();
        var media = form["MediaUrl"].Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).ToList();
        var contentSid = form["ContentSid"].ToString() is { Length: > 0 } sid ? sid : null;
        var contentVariables = form["ContentVariables"].ToString() is { Length: > 0 } variables ? variables : null;
        if (body.Length == 0 && media.Count == 0 && contentSid is null)
        {
            return (null, TwilioError.NothingToSend());
        }

        if (body.Length > TwilioError.MaxBodyLength)
        {
            return (null, TwilioError.BodyTooLong());
        }

        if (media.FirstOrDefault(u => !IsHttpUrl(u)) is { } badMedia)
        {
            return (null, TwilioError.InvalidMediaUrl(badMedia));
        }

        if (contentSid is not null && !ContentSidPattern().IsMatch(contentSid))
        {
            return (null, TwilioError.InvalidContentSid());
        }

        if (contentVariables is not null && !IsJsonObject(contentVariables))
        {
            return (null, TwilioError.InvalidContentVariables());
        }

        Uri? callback = null;
        if (form["StatusCallback"].ToString() is { Length: > 0 } callbackText)
        {
            if (!IsHttpUrl(callbackText))
            {
                return (null, TwilioError.InvalidStatusCallback(callbackText));
            }

            callback = new Uri(callbackText);
        }

        return (new TwilioMessage(PhoneNumbers.ToE164(from[Prefix.Length..]), PhoneNumbers.ToE164(to[Prefix.Length..]), body, media, contentSid, contentVariables, callback), null);
    }

    static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSidPattern();
}
