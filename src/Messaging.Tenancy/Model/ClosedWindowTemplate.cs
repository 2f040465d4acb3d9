using Messaging.Contracts.Events;

namespace Messaging.Tenancy.Model;

/// <summary>
/// Which template the bot sends when the customer's 24-hour window is closed: an approved one,
/// utility first (a re-engagement notice), then marketing, by name; never authentication; a
/// Twilio number needs one with a content SID. One rule for the Agent, which sends it, and the
/// console, which shows the owner which template that is.
/// </summary>
public static class ClosedWindowTemplate
{
    public static MessageTemplate? Pick(IEnumerable<MessageTemplate> templates, ChannelProvider provider) =>
        templates
            .Where(t => t.Status == TemplateStatus.Approved)
            .Where(t => provider != ChannelProvider.Twilio || !string.IsNullOrEmpty(t.TwilioContentSid))
            .OrderBy(t => t.Category switch { TemplateCategory.Utility => 0, TemplateCategory.Marketing => 1, _ => 2 })
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .FirstOrDefault(t => t.Category != TemplateCategory.Authentication);
}
