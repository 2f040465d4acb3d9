using Messaging.Contracts;

namespace Messaging.Streams.Tests.Bus;

[EventVersion(2)]
public sealed record TestEvent(string WorkspaceId, string Key, int Sequence) : IIntegrationEvent;

public sealed record OtherEvent(string WorkspaceId) : IIntegrationEvent;
