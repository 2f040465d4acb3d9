using System.Diagnostics;
using Messaging.Contracts;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Telemetry;
using Microsoft.Extensions.Options;

namespace Messaging.Streams.Bus;

internal sealed class EventPublisher(IRedisClient redis, IOptionsMonitor<StreamsOptions> options, StreamsMetrics metrics, TimeProvider time) : IEventPublisher
{
    public async Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentNullException.ThrowIfNull(@event);
        using var activity = StreamsTelemetry.StartPublish(stream);
        // Without a listener there is no producer span; the caller's trace still travels.
        var context = activity ?? Activity.Current;
        var now = time.GetUtcNow();
        var envelope = new EventEnvelope(
            Guid.CreateVersion7(now).ToString("N"),
            EventSerializer.TypeName<TEvent>(),
            EventSerializer.Version<TEvent>(),
            @event.WorkspaceId,
            now,
            context?.Id,
            context?.TraceStateString,
            EventSerializer.Serialize(@event));
        activity?.SetTag("messaging.message.id", envelope.Id);
        try
        {
            var trim = options.CurrentValue.TrimFor(stream).ToTrim(now);
            var id = await redis.StreamAddAsync(stream, EnvelopeCodec.ToFields(envelope), trim, cancellationToken: cancellationToken).ConfigureAwait(false);
            metrics.Published(stream, envelope.Type);
            activity?.SetTag("messaging.redis.entry_id", id);
            return id!;
        }
        catch (Exception exception)
        {
            StreamsTelemetry.Fail(activity, exception);
            throw;
        }
    }
}
