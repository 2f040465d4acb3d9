namespace Messaging.Contracts.Events;

/// <summary>
/// A channel went from working (or unknown) to disabled because the provider refused its
/// credentials: raised once per such change, so once per episode until it works again.
/// </summary>
[EventType("ChannelDisabled", version: 1)]
public sealed record ChannelDisabled(string WorkspaceId, string ChannelId, string ChannelName, string? Reason, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}
