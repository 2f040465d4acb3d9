using System.Net.Mail;

namespace Agent.Ai.Tools;

/// <summary>Checks capture_lead's arguments before anything is saved.</summary>
public static class LeadValidation
{
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 200;
    public const int MaxInterestLength = 500;

    public static LeadDetails Validate(string? email, string? name, string? interest)
    {
        var address = email?.Trim() ?? "";
        if (!IsEmail(address))
        {
            throw new ToolInputException($"'{Shorten(address, 80)}' is not a valid email address; ask the customer to check it.");
        }
        var cleanName = Clean(name, MaxNameLength, "name");
        var cleanInterest = Clean(interest, MaxInterestLength, "interest");
        return new LeadDetails(address, cleanName, cleanInterest);
    }

    /// <summary>One address with a dotted domain: what a customer types, not every RFC 5322 form.</summary>
    public static bool IsEmail(string address) =>
        address.Length is > 0 and <= MaxEmailLength
        && !address.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(address, out var parsed)
        && parsed.Address == address
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !parsed.Host.StartsWith('.')
        && !parsed.Host.EndsWith('.');

    static string? Clean(string? value, int maxLength, string field)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        return trimmed.Length <= maxLength ? trimmed : throw new ToolInputException($"The {field} is longer than {maxLength} characters.");
    }

    static string Shorten(string value, int length) => value.Length <= length ? value : value[..length] + "...";
}
