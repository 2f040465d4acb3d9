using System.Text.RegularExpressions;

namespace Billing.Api;

/// <summary>Collects what is wrong with a request, field by field, for a validation ProblemDetails.</summary>
public sealed partial class RequestErrors
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 500;

    readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors;

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];

    /// <summary>Workspace ids, turn ids and idempotency keys: 1-128 letters, digits, '.', '_', ':' or '-'.</summary>
    public void Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"{field} is required.");
        }
        else if (!IdPattern().IsMatch(value))
        {
            Add(field, $"{field} must be 1 to {MaxIdLength} letters, digits, '.', '_', ':' or '-'.");
        }
    }

    public void Text(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
        }
        else if (value.Length > MaxTextLength)
        {
            Add(field, $"{field} must be at most {MaxTextLength} characters.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex IdPattern();
}
