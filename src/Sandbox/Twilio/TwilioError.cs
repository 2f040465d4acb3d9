using System.Text.Json.Nodes;

namespace Sandbox.Twilio;

/// <summary>A Twilio REST API error: its code, message and HTTP status, in Twilio's body shape.</summary>
public sealed record TwilioError(int HttpStatus, int Code, string Message)
{
    public const int WindowClosedCode = 63016;
    public const string WindowClosedMessage =
        "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.";

    public const int MaxBodyLength = 1600;

    public static TwilioError Authenticate() => new(StatusCodes.Status401Unauthorized, 20003, "Authenticate");

    public static TwilioError NotFound(string path) =>
        new(StatusCodes.Status404NotFound, 20404, $"The requested resource {path} was not found");

    public static TwilioError ToRequired() => new(StatusCodes.Status400BadRequest, 21604, "A 'To' phone number is required.");

    public static TwilioError FromRequired() => new(StatusCodes.Status400BadRequest, 21603, "A 'From' phone number is required.");

    public static TwilioError InvalidTo(string to) => new(StatusCodes.Status400BadRequest, 21211, $"Invalid 'To' Phone Number: {to}");

    public static TwilioError UnknownSender() =>
        new(StatusCodes.Status400BadRequest, 63007, "Twilio could not find a Channel with the specified From address");

    public static TwilioError ChannelMismatch() =>
        new(StatusCodes.Status400BadRequest, 21910, "Invalid From and To pair. From and To should be of the same channel");

    public static TwilioError NothingToSend() =>
        new(StatusCodes.Status400BadRequest, 21619, "A text message body or media urls must be specified.");

    public static TwilioError BodyTooLong() =>
        new(StatusCodes.Status400BadRequest, 21617, $"The concatenated message body exceeds the {MaxBodyLength} character limit.");

    public static TwilioError InvalidMediaUrl(string url) => new(StatusCodes.Status400BadRequest, 21620, $"Invalid media URL(s): {url}");

    public static TwilioError InvalidContentSid() => new(StatusCodes.Status400BadRequest, 21655, "The ContentSid is Invalid.");

    public static TwilioError InvalidContentVariables() =>
        new(StatusCodes.Status400BadRequest, 21656, "The ContentVariables Parameter is invalid.");

    public static TwilioError InvalidStatusCallback(string url) =>
        new(StatusCodes.Status400BadRequest, 21609, $"Invalid StatusCallback url: {url}");

    public static TwilioError WindowClosed() => new(StatusCodes.Status400BadRequest, WindowClosedCode, WindowClosedMessage);

    /// <summary>An error asked for through the faults API, as Twilio answers it (or reports it in a status callback).</summary>
    public static TwilioError Injected(int code) => code switch
    {
        20003 => Authenticate(),
        20429 => new(StatusCodes.Status429TooManyRequests, 20429, "Too Many Requests"),
        21610 => new(StatusCodes.Status400BadRequest, 21610, "Attempt to send to unsubscribed recipient"),
        30003 => new(StatusCodes.Status400BadRequest, 30003, "Unreachable destination handset"),
        WindowClosedCode => WindowClosed(),
        63024 => new(StatusCodes.Status400BadRequest, 63024, "Invalid message recipient"),
        _ => new(StatusCodes.Status500InternalServerError, 20500, "An internal server error has occurred"),
    };

    public string ToJson() => new JsonObject
    {
        ["code"] = Code,
        ["message"] = Message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{Code}",
        ["status"] = HttpStatus,
    }.ToJsonString();
}
