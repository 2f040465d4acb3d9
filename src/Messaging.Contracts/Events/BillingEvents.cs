namespace Messaging.Contracts.Events;

[EventVersion(1)]
public sealed record CreditsGranted(string WorkspaceId, long Amount, long Balance, string GrantedBy, string Reason, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

[EventVersion(1)]
public sealed record CreditsLow(string WorkspaceId, long Balance, long Threshold, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}

[EventVersion(1)]
public sealed record CreditsExhausted(string WorkspaceId, DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}
