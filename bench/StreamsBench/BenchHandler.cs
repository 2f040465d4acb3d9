using Messaging.Streams.Bus;

namespace StreamsBench;

/// <summary>Does nothing but report the entry, so the figures are the bus's own cost.</summary>
public sealed class BenchHandler(HandlerProbe probe) : IEventHandler<BenchEvent>
{
    public Task HandleAsync(BenchEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        probe.Record(@event);
        return Task.CompletedTask;
    }
}
