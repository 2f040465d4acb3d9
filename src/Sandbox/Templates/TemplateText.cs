using System.Text.RegularExpressions;

namespace Sandbox.Templates;

/// <summary>A template's body with its placeholders filled, as the customer's phone shows it.</summary>
public static partial class TemplateText
{
    /// <summary>How many values a body asks for: its highest placeholder, e.g. 2 for "Hi {{1}}, see you {{2}}".</summary>
    public static int CountParameters(string body) =>
        Placeholder().Matches(body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>Replaces <c>{{n}}</c> with the value for "n"; a placeholder without a value stays as written.</summary>
    public static string Fill(string body, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(body, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>Positional values, as the Cloud API sends body parameters: the first is {{1}}.</summary>
    public static string Fill(string body, IReadOnlyList<string> values) =>
        Fill(body, values.Select((v, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), v)).ToDictionary(p => p.Key, p => p.v));

    [GeneratedRegex(@"\{\{\s*(\d{1,2})\s*\}\}")]
    private static partial Regex Placeholder();
}
