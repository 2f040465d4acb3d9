using System.Text.RegularExpressions;
using Messaging.Tenancy.Model;

namespace Agent.Delivery;

/// <summary>
/// The template sent when the 24-hour window is closed (<see cref="ClosedWindowTemplate"/>) and
/// its parameters: {{1}} is the customer's name, the rest carry the reply flattened to one line
/// (templates refuse new lines in parameters).
/// </summary>
public static partial class TemplateChoice
{
    const int MaxParameterLength = 1_000;

    // The rule lives in Messaging.Tenancy so the console shows the owner the same choice.
    public static MessageTemplate? Pick(TenantWorkspace workspace, TenantChannel channel) =>
        ClosedWindowTemplate.Pick(workspace.Templates, channel.Provider);

    /// <summary>How many values the template's body asks for: its highest {{n}}.</summary>
    public static int ParameterCount(MessageTemplate template) =>
        Placeholder().Matches(template.Body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    public static IReadOnlyList<string> Parameters(MessageTemplate template, string? customerName, string reply)
    {
        var count = ParameterCount(template);
        var flattened = Whitespace().Replace(reply, " ").Trim();
        if (flattened.Length > MaxParameterLength)
        {
            flattened = flattened[..(MaxParameterLength - 1)] + "…";
        }
        return Enumerable.Range(1, count).Select(i => i == 1 ? (string.IsNullOrWhiteSpace(customerName) ? "there" : customerName) : flattened).ToArray();
    }

    /// <summary>The template's text as the customer reads it, for the transcript.</summary>
    public static string Render(MessageTemplate template, IReadOnlyList<string> parameters) =>
        Placeholder().Replace(template.Body, m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i >= 1 && i <= parameters.Count ? parameters[i - 1] : m.Value);

    [GeneratedRegex(@"\{\{\s*(\d{1,2})\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
