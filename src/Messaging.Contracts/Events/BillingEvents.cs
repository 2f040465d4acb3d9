namespace Messaging.Contracts.Events;

[EventType("CreditsGranted", version: 1)]
public sealed record CreditsGranted(string WorkspaceId, long Amount, long Balance, string GrantedBy, string Reason, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

[EventType("CreditsLow", version: 1)]
public sealed record CreditsLow(string WorkspaceId, long Balance, long Threshold, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

[EventType("CreditsExhausted", version: 1)]
public sealed record CreditsExhausted(string WorkspaceId, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}
