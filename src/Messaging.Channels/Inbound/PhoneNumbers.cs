namespace Messaging.Channels.Inbound;

/// <summary>
/// Phone numbers in every spelling providers and people use ("16315551181", "whatsapp:+16315551181",
/// "+1 631-555 1181"). WhatsApp identifies a user by the digits alone, so comparisons use <see cref="Digits"/>.
/// </summary>
public static class PhoneNumbers
{
    public const string WhatsAppPrefix = "whatsapp:";

    /// <summary>The digits of <paramref name="number"/>: no "whatsapp:", "+", spaces or punctuation.</summary>
    public static string Digits(string? number) =>
        number is null ? "" : string.Concat(number.Where(char.IsAsciiDigit));

    /// <summary>"+16315551181" for any spelling of that number; text without digits is returned trimmed.</summary>
    public static string ToE164(string? number)
    {
        var digits = Digits(number);
        return digits.Length == 0 ? (number ?? string.Empty).Trim() : "+" + digits;
    }

    /// <summary>Twilio's address form: "whatsapp:+16315551181".</summary>
    public static string ToTwilioWhatsApp(string number) => WhatsAppPrefix + ToE164(number);

    /// <summary>Meta's <c>to</c> form: digits only.</summary>
    public static string ToMetaRecipient(string number) => Digits(number);

    /// <summary>True when the text is a plausible phone number: 6 to 15 digits (E.164) with only +, spaces, dashes, dots or parentheses around them.</summary>
    public static bool IsPlausible(string? number)
    {
        if (number is null)
        {
            return false;
        }
        var value = number.Trim();
        return value.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')') && Digits(value).Length is >= 6 and <= 15;
    }
}
