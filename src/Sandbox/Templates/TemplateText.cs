using System.Text.RegularExpressions;

namespace Sandbox.Templates;

/// <summary>A template's body with its placeholders filled, as the customer's phone shows it.</summary>
public static partial class TemplateText
{
    /// <summary>The placeholder numbers a body uses, e.g. 1 and 2 for "Hi {{1}}, see you {{2}}".</summary>
    public static int CountParameters(string body) =>
        Placeholder().Matches(body).Select(m => m.Groups[1].Value).Distinct().Count();

    /// <summary>Replaces <c>{{n}}</c> with the value for "n"; a placeholder without a value stays as written.</summary>
    public static string Fill(string body, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(body, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>Positional values, as the Cloud API sends body parameters: the first is {{1}}.</summary>
    public static string Fill(string body, IReadOnlyList<string> values) =>
        Fill(body, values.Select((v, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), v)).ToDictionary(p => p.Key, p => p.v));

    [GeneratedRegex(@"\{\{\s*(\d+)\s*\}\}")]
    private static partial Regex Placeholder();
}
