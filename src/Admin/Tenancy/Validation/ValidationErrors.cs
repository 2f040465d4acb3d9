using Messaging.Tenancy.Urls;
using System.Text.RegularExpressions;

namespace Admin.Tenancy.Validation;

/// <summary>
/// Collects field errors (keys are JSON paths like <c>rules[2].matcher.threshold</c>) for a
/// ValidationProblem response, with the checks the tenancy requests share.
/// </summary>
public sealed class ValidationErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>The trimmed text, or null with an error when it is missing, blank or longer than <paramref name="maxLength"/>.</summary>
    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return null;
        }
        return Optional(field, value, maxLength);
    }

    /// <summary>The trimmed text or null when absent or blank; an error when longer than <paramref name="maxLength"/>.</summary>
    public string? Optional(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{field} is {trimmed.Length} characters long; the limit is {maxLength}.");
            return null;
        }
        return trimmed;
    }

    /// <summary>Required text that must match <paramref name="pattern"/>; <paramref name="expectation"/> says what it should look like.</summary>
    public string? Matching(string field, string? value, int maxLength, Regex pattern, string expectation)
    {
        var text = Required(field, value, maxLength);
        if (text is not null && !pattern.IsMatch(text))
        {
            Add(field, $"{field} '{Shorten(text)}' is not valid: {expectation}.");
            return null;
        }
        return text;
    }

    /// <summary>An absolute http(s) URL, or null with an error.</summary>
    /// <summary>A URL a tenant gives for our services to call: absolute http(s), and allowed by <paramref name="policy"/>.</summary>
    public Uri? TenantUrl(string field, string? value, bool required, TenantUrlPolicy policy)
    {
        var text = required ? Required(field, value, 2048) : Optional(field, value, 2048);
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(field, $"{field} '{Shorten(text)}' is not an absolute http or https URL.");
            return null;
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            Add(field, $"{field} must not contain a query string, a fragment or credentials.");
            return null;
        }
        if (policy.Refusal(uri) is { } refusal)
        {
            Add(field, $"{field} '{Shorten(text)}' {refusal}.");
            return null;
        }
        return uri;
    }

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
