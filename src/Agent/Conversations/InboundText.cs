using Messaging.Contracts.Events;

namespace Agent.Conversations;

/// <summary>The words of an inbound message that rules and the AI read: its text, a caption, a button's title or what it is.</summary>
public static class InboundText
{
    public static string? Of(InboundMessageReceived inbound) =>
        !string.IsNullOrWhiteSpace(inbound.Text) ? inbound.Text
        : inbound.Media.Select(m => m.Caption).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
        ?? (inbound.Location is { } location ? $"[location: {location.Name ?? location.Address ?? $"{location.Latitude}, {location.Longitude}"}]" : null)
        ?? inbound.Detail;
}
