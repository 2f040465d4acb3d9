using System.Text.RegularExpressions;

namespace Messaging.Channels.Inbound;

/// <summary>
/// Who a customer is to a channel: their phone number, or, for a WhatsApp user who hides it
/// behind a username, Meta's business-scoped user id (BSUID: a country code, an optional
/// <c>ENT</c> for a parent id, and up to 128 letters and digits, e.g. <c>US.13491208655302741918</c>).
/// </summary>
public static partial class CustomerAddress
{
    /// <summary>True for a business-scoped user id rather than a phone number.</summary>
    public static bool IsBusinessScopedUserId(string? address) =>
        address is not null && BusinessScopedUserId().IsMatch(address);

    /// <summary>
    /// The stable key of a customer: the digits of a phone number in any spelling, or the
    /// business-scoped user id as given. Empty when there is neither.
    /// </summary>
    public static string Key(string? address) =>
        IsBusinessScopedUserId(address) ? address!.Trim() : PhoneNumbers.Digits(address);

    [GeneratedRegex(@"^\s*[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex BusinessScopedUserId();
}
