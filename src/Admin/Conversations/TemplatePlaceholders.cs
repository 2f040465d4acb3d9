using System.Globalization;
using System.Text.RegularExpressions;

namespace Admin.Conversations;

/// <summary>A template body's {{1}}, {{2}}, ...: how many values an operator fills in.</summary>
public static partial class TemplatePlaceholders
{
    public static int Count(string body) =>
        Placeholder().Matches(body).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"\{\{\s*(\d{1,2})\s*\}\}")]
    private static partial Regex Placeholder();
}
