namespace Messaging.Contracts.Events;

/// <summary>What kind of tenant configuration changed; readers drop what they cached for it.</summary>
public enum TenancyEntity
{
    Workspace,
    Channel,
    ReplyConfig,
    Persona,
    Knowledge,
    Template,
    AiSettings,
    Retention,
}

[EventType("TenancyChanged", version: 1)]
public sealed record TenancyChanged(
    string WorkspaceId,
    TenancyEntity Entity,
    string EntityId,
    string? ChannelId,
    long Revision,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;
}
