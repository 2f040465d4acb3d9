using Agent.Conversations;
using Messaging.Tenancy.Model;

namespace Agent.Turns;

/// <summary>
/// Everything a turn decides from: the conversation, the messages of the burst (<see cref="Text"/>
/// has one line per message), the tenant configuration and the Agent's own settings of the workspace.
/// </summary>
public sealed record TurnContext(
    Turn Turn,
    Conversation Conversation,
    Contact Contact,
    Message Inbound,
    IReadOnlyList<long> BurstMessageIds,
    string Text,
    TenantWorkspace Workspace,
    TenantChannel Channel,
    RetentionPolicy Retention,
    WorkspacePolicy Policy);
