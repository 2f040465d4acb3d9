using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Billing.Settlement;

/// <summary>turn:completed in consumer group "billing": settles the turn's reservation; a replay changes nothing.</summary>
public sealed class TurnCompletedHandler(TurnSettlement settlement) : IEventHandler<TurnCompleted>
{
    public Task HandleAsync(TurnCompleted @event, EventContext context, CancellationToken cancellationToken) =>
        settlement.SettleAsync(@event, cancellationToken);
}

/// <summary>turn:completed in consumer group "billing": a sent reply failed for good, so the turn's credit is refunded once.</summary>
public sealed class TurnReplyFailedHandler(TurnSettlement settlement) : IEventHandler<TurnReplyFailed>
{
    public Task HandleAsync(TurnReplyFailed @event, EventContext context, CancellationToken cancellationToken) =>
        settlement.RefundAsync(@event, cancellationToken);
}
