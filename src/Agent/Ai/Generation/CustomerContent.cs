using System.Text;
using System.Text.RegularExpressions;

namespace Agent.Ai.Generation;

/// <summary>
/// How customer text reaches the model: between &lt;customer_message&gt; delimiters, which the
/// system prompt declares to be data, never instructions. Delimiters inside the text are
/// neutralized so a message cannot close its own block and speak as the system.
/// </summary>
public static partial class CustomerContent
{
    public const string OpenTag = "<customer_message>";
    public const string CloseTag = "</customer_message>";
    const int MaxNameLength = 80;

    /// <summary>The current message with the sender's name as context.</summary>
    public static string FormatCurrent(string senderName, string message) =>
        $"Customer name: {CleanName(senderName)}\n{Wrap(message)}";

    /// <summary>An earlier customer message.</summary>
    public static string Wrap(string message) => $"{OpenTag}\n{Neutralize(message)}\n{CloseTag}";

    /// <summary>The customer's text and name back from a formatted user message (the offline responder reads them).</summary>
    public static (string Message, string? SenderName) Read(string formatted)
    {
        var block = BlockPattern().Match(formatted);
        var name = NamePattern().Match(formatted);
        return (block.Success ? block.Groups["text"].Value.Trim() : formatted.Trim(), name.Success ? name.Groups["name"].Value.Trim() : null);
    }

    static string Neutralize(string text) => TagPattern().Replace(text, "[tag removed]");

    /// <summary>One line, no delimiters, a sensible length: a profile name is customer-controlled too.</summary>
    static string CleanName(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in Neutralize(name))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        var clean = builder.ToString().Trim();
        clean = clean.Length > MaxNameLength ? clean[..MaxNameLength] : clean;
        return clean.Length == 0 ? "(unknown)" : clean;
    }

    [GeneratedRegex(@"<\s*/?\s*customer_message\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"<customer_message>\n(?<text>.*)\n</customer_message>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^Customer name: (?<name>[^\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
