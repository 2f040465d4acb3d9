namespace Messaging.Tenancy.Model;

/// <summary>
/// Phone numbers compared the way providers send them: Meta writes "15551234567", Twilio
/// "whatsapp:+15551234567", people type "+1 555-123 4567". Only the digits identify a number.
/// </summary>
public static class PhoneNumbers
{
    public const string TwilioWhatsAppPrefix = "whatsapp:";

    /// <summary>The digits of <paramref name="number"/>, without "whatsapp:", "+", spaces or punctuation.</summary>
    public static string Normalize(string number)
    {
        var span = number.AsSpan().Trim();
        if (span.StartsWith(TwilioWhatsAppPrefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[TwilioWhatsAppPrefix.Length..];
        }
        return string.Create(CountDigits(span), span.ToString(), static (buffer, source) =>
        {
            var index = 0;
            foreach (var c in source)
            {
                if (char.IsAsciiDigit(c))
                {
                    buffer[index++] = c;
                }
            }
        });
    }

    /// <summary>True when the text is a plausible phone number: digits with optional +, spaces, dashes, dots, parentheses; 6 to 15 digits (E.164).</summary>
    public static bool IsPlausible(string number)
    {
        var digits = 0;
        foreach (var c in number.AsSpan().Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('+' or ' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }
        return digits is >= 6 and <= 15;
    }

    static int CountDigits(ReadOnlySpan<char> span)
    {
        var count = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }
        return count;
    }
}
