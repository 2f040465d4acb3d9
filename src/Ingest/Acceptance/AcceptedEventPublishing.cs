using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Ingest.Acceptance;

internal static class AcceptedEventPublishing
{
    /// <summary>Publishes with the event's own type (the envelope names it), once per deduplication key.</summary>
    public static async Task<bool> PublishOnceAsync(this IEventPublisher publisher, AcceptedEvent accepted, TimeSpan window, CancellationToken cancellationToken)
    {
        var id = accepted.Event switch
        {
            InboundMessageReceived inbound => await publisher.PublishOnceAsync(accepted.Stream, inbound, accepted.DeduplicationKey, window, cancellationToken),
            DeliveryStatusReported status => await publisher.PublishOnceAsync(accepted.Stream, status, accepted.DeduplicationKey, window, cancellationToken),
            var other => throw new InvalidOperationException($"Ingest does not publish {other.GetType().Name}."),
        };
        return id is not null;
    }
}
