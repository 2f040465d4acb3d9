using Messaging.Contracts;

namespace StreamsBench;

/// <summary>An event shaped like an inbound message: a workspace, a conversation key and some text.</summary>
[EventType("bench.event")]
public sealed record BenchEvent(string WorkspaceId, string ConversationId, string Text, int Sequence) : IIntegrationEvent;
