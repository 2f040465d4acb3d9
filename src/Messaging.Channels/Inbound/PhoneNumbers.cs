namespace Messaging.Channels.Inbound;

/// <summary>Provider number spellings ("16315551181", "whatsapp:+16315551181") to one E.164 form.</summary>
public static class PhoneNumbers
{
    public const string WhatsAppPrefix = "whatsapp:";

    /// <summary>"+16315551181" for any of "16315551181", "+16315551181", "whatsapp:+16315551181".</summary>
    public static string ToE164(string? number)
    {
        var value = (number ?? string.Empty).Trim();
        if (value.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase))
            value = value[WhatsAppPrefix.Length..];
        if (value.Length > 0 && value[0] != '+' && value.All(char.IsAsciiDigit))
            value = "+" + value;
        return value;
    }

    /// <summary>Twilio's address form: "whatsapp:+16315551181".</summary>
    public static string ToTwilioWhatsApp(string number) => WhatsAppPrefix + ToE164(number);

    /// <summary>Meta's <c>to</c> form: digits only.</summary>
    public static string ToMetaRecipient(string number) => ToE164(number).TrimStart('+');
}
