namespace Messaging.Channels.Inbound;

/// <summary>
/// How long an inbound item's identifiers may be. Providers' ids are short (a Meta wamid is under
/// 100 characters, a Twilio SID 34) and a phone number has at most 15 digits (E.164); contacts and
/// messages are keyed on them in unique indexes, which PostgreSQL cannot hold for values of a few
/// kilobytes, so an item with a longer one is rejected here instead of failing every retry downstream.
/// </summary>
public static class InboundLimits
{
    public const int MaxIdLength = 256;

    public const int MaxPhoneDigits = 15;

    /// <summary><paramref name="id"/>, when no longer than any provider's.</summary>
    public static string Id(string id, string what) => id.Length <= MaxIdLength
        ? id
        : throw new MalformedItemException($"The {what} id is {id.Length} characters long; provider ids have at most {MaxIdLength}.");

    /// <summary><paramref name="number"/> in E.164, when it has no more digits than a phone number can.</summary>
    public static string Phone(string? number, string what)
    {
        var digits = PhoneNumbers.Digits(number).Length;
        return digits <= MaxPhoneDigits
            ? PhoneNumbers.ToE164(number)
            : throw new MalformedItemException($"The {what} has {digits} digits; a phone number has at most {MaxPhoneDigits}.");
    }

    /// <summary>The id of an item for a log line: none when it is too long to be one.</summary>
    public static string? LoggableId(string? id) => id is { Length: <= MaxIdLength } ? id : null;
}
