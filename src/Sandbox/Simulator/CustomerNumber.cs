using System.Text.RegularExpressions;

namespace Sandbox.Simulator;

/// <summary>
/// A simulated customer's number as typed: an international number (E.164: country code first,
/// 7 to 15 digits), spaces, dashes, dots and parentheses allowed between the digits. Anything
/// else is refused with the reason, never rewritten into some other number.
/// </summary>
public static partial class CustomerNumber
{
    public const string Rule = "an international number: + then the country code and number, 7 to 15 digits, e.g. +447700900123";

    /// <summary>Null when the number is usable; otherwise why not.</summary>
    public static string? Problem(string? number)
    {
        var value = number?.Trim() ?? "";
        if (value.Length == 0)
        {
            return $"The customer number is missing: give {Rule}.";
        }

        if (!Shape().IsMatch(value))
        {
            return $"'{value}' is not a phone number: give {Rule}.";
        }

        var digits = string.Concat(value.Where(char.IsAsciiDigit));
        if (digits[0] == '0')
        {
            return $"'{value}' starts with 0, a national prefix: give {Rule}.";
        }

        return digits.Length is < 7 or > 15 ? $"'{value}' has {digits.Length} digits: give {Rule}." : null;
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 ().\-]*$")]
    private static partial Regex Shape();
}
