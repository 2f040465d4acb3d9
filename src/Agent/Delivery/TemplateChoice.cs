using System.Text.RegularExpressions;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;

namespace Agent.Delivery;

/// <summary>
/// The template sent when the 24-hour window is closed: the workspace's approved templates,
/// utility first (a re-engagement notice), then marketing; a Twilio channel needs one with a
/// content SID. Parameters: {{1}} is the customer's name, the rest carry the reply flattened
/// to one line (templates refuse new lines in parameters).
/// </summary>
public static partial class TemplateChoice
{
    const int MaxParameterLength = 1_000;

    public static MessageTemplate? Pick(TenantWorkspace workspace, TenantChannel channel) =>
        workspace.Templates
            .Where(t => t.Status == TemplateStatus.Approved)
            .Where(t => channel.Provider != ChannelProvider.Twilio || !string.IsNullOrEmpty(t.TwilioContentSid))
            .OrderBy(t => t.Category switch { TemplateCategory.Utility => 0, TemplateCategory.Marketing => 1, _ => 2 })
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .FirstOrDefault(t => t.Category != TemplateCategory.Authentication);

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
