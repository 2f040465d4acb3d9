using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Billing.Settlement;

/// <summary>turn:completed in consumer group "billing": settles the turn's reservation; a replay changes nothing.</summary>
public sealed class TurnCompletedHandler(TurnSettlement settlement) : IEventHandler<TurnCompleted>
{
    public Task HandleAsync(TurnCompleted @event, EventContext context, CancellationToken cancellationToken) =>
        settlement.SettleAsync(@event, cancellationToken);
}
