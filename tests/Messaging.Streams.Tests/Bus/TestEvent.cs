using Messaging.Contracts;

namespace Messaging.Streams.Tests.Bus;

[EventType("test.event", version: 2)]
public sealed record TestEvent(string WorkspaceId, string Key, int Sequence) : IIntegrationEvent;

[EventType("test.other")]
public sealed record OtherEvent(string WorkspaceId) : IIntegrationEvent;
