using Messaging.Contracts;
using Messaging.Streams.Bus;

namespace StreamsBench;

/// <summary>An event shaped like an inbound message: a workspace, a conversation key and some text.</summary>
public sealed record BenchEvent(string WorkspaceId, string ConversationId, string Text, int Sequence) : IIntegrationEvent;

/// <summary>Tells the workload that an entry reached its handler, and when.</summary>
public sealed class HandlerProbe
{
    int _handled;

    public int Handled => Volatile.Read(ref _handled);

    public Action<int, long>? OnHandled { get; set; }

    public void Record(BenchEvent @event)
    {
        Interlocked.Increment(ref _handled);
        OnHandled?.Invoke(@event.Sequence, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    public void Reset() => Volatile.Write(ref _handled, 0);
}

public sealed class BenchHandler(HandlerProbe probe) : IEventHandler<BenchEvent>
{
    public Task HandleAsync(BenchEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        probe.Record(@event);
        return Task.CompletedTask;
    }
}
