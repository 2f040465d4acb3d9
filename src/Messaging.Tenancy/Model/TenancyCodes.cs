using System.Text.Json;

namespace Messaging.Tenancy.Model;

/// <summary>
/// The snake_case text that stands for an enum value in the database and in the JSON API
/// ("whole_word", "meta"), so both sides of the tenancy schema spell values the same way.
/// </summary>
public static class TenancyCodes
{
    public static string ToCode<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(ToCode(candidate), code, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value)
            ? value
            : throw new FormatException($"'{code}' is not a known {typeof(TEnum).Name} code.");

    /// <summary>The accepted codes, for error messages: "'meta' or 'twilio'".</summary>
    public static string Describe<TEnum>() where TEnum : struct, Enum =>
        string.Join(" or ", Enum.GetValues<TEnum>().Select(v => $"'{ToCode(v)}'"));
}
