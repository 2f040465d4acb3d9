using Ingest.Spool;
using Ingest.Telemetry;
using Messaging.Streams.Bus;
using Messaging.Streams.Errors;
using Microsoft.Extensions.Options;

namespace Ingest.Acceptance;

/// <summary>
/// Makes a webhook's events durable before it is acknowledged: on the stream when Redis
/// answers, otherwise in the local spool (fsynced) that the drainer empties later. While the
/// spool holds anything, new events queue behind it, so the stream receives them in order.
/// </summary>
public sealed partial class WebhookAcceptor(
    IEventPublisher publisher,
    DurableSpool spool,
    SpoolDrainSignal drainSignal,
    IOptions<IngestOptions> options,
    IngestMetrics metrics,
    TimeProvider time,
    ILogger<WebhookAcceptor> logger)
{
    public async Task<AcceptResult> AcceptAsync(string provider, IReadOnlyList<AcceptedEvent> events, CancellationToken cancellationToken)
    {
        var appended = 0;
        var duplicates = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (spool.HasPending)
            {
                return Result(appended, duplicates, SpoolRest(provider, events, i));
            }
            var accepted = events[i];
            try
            {
                if (await publisher.PublishOnceAsync(accepted, options.Value.DeduplicationWindow, cancellationToken))
                {
                    appended++;
                }
                else
                {
                    duplicates++;
                }
            }
            catch (Exception e) when (RedisFailure.Is(e))
            {
                LogRedisUnavailable(logger, provider, e.Message);
                return Result(appended, duplicates, SpoolRest(provider, events, i));
            }
        }
        return Result(appended, duplicates, 0);

        AcceptResult Result(int a, int d, int s)
        {
            metrics.Accepted(provider, a);
            metrics.Duplicates(provider, d);
            metrics.Spooled(provider, s);
            return new AcceptResult(a, d, s);
        }
    }

    int SpoolRest(string provider, IReadOnlyList<AcceptedEvent> events, int from)
    {
        try
        {
            for (var i = from; i < events.Count; i++)
            {
                spool.Append(SpoolCodec.ToRecord(events[i], time.GetUtcNow()));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSpoolFailed(logger, provider, e);
            throw new EventsNotDurableException("Redis is unavailable and the spool cannot be written.", e);
        }
        drainSignal.Notify();
        return events.Count - from;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for a {Provider} webhook ({Reason}); spooling its events locally")]
    static partial void LogRedisUnavailable(ILogger logger, string provider, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not spool a {Provider} webhook's events while Redis is unavailable; answering 503 so the provider retries")]
    static partial void LogSpoolFailed(ILogger logger, string provider, Exception exception);
}
