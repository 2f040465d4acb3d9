using System.Globalization;
using System.Text.Json;
using Messaging.Channels.Inbound;

namespace Messaging.Channels.Json;

/// <summary>
/// Lenient reads of provider JSON: a missing property or one of an unexpected kind reads as
/// absent instead of throwing, and numbers are accepted whether sent as numbers or strings.
/// </summary>
internal static class JsonElementReading
{
    /// <summary>The body's root object, or null when it is empty, not JSON, or not an object.</summary>
    public static JsonElement? ParseObject(byte[]? body)
    {
        if (body is null || body.Length == 0)
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    public static IEnumerable<JsonElement> Array(this JsonElement? element, string name) =>
        element is { } value ? value.Array(name) : [];

    public static string? String(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Text(value, name),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static string? String(this JsonElement? element, string name) => element?.String(name);

    /// <summary>
    /// A string value as text downstream can store: U+0000 (which PostgreSQL refuses in text)
    /// is dropped; invalid UTF-8 or a lone escaped surrogate, which no text can hold, rejects the item.
    /// </summary>
    private static string Text(JsonElement value, string name)
    {
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MalformedItemException($"'{name}' is not valid Unicode text (invalid UTF-8 or a lone surrogate).");
        }
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
    }

    public static long? Int64(this JsonElement element, string name) =>
        long.TryParse(element.String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static int? Int32(this JsonElement element, string name) =>
        int.TryParse(element.String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static int? Int32(this JsonElement? element, string name) => element?.Int32(name);

    public static double? Double(this JsonElement element, string name) =>
        double.TryParse(element.String(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static decimal? Decimal(this JsonElement element, string name) =>
        decimal.TryParse(element.String(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool? Boolean(this JsonElement element, string name) =>
        bool.TryParse(element.String(name), out var value) ? value : null;

    /// <summary>A Unix-seconds timestamp (Meta sends them as strings).</summary>
    public static DateTimeOffset? UnixTime(this JsonElement element, string name) =>
        element.Int64(name) is { } seconds && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static DateTimeOffset? UnixTime(this JsonElement? element, string name) => element?.UnixTime(name);
}
