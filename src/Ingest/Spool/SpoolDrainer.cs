using Ingest.Acceptance;
using Messaging.Streams.Bus;
using Messaging.Streams.Errors;
using Microsoft.Extensions.Options;

namespace Ingest.Spool;

/// <summary>
/// Moves spooled events to their streams, oldest first, as soon as Redis answers again. Each
/// goes through the same deduplicated append as a live webhook, so an event spooled twice
/// (a provider retry during the outage) or replayed after a crash reaches the stream once.
/// </summary>
public sealed partial class SpoolDrainer(
    DurableSpool spool,
    SpoolDrainSignal signal,
    IEventPublisher publisher,
    IOptions<IngestOptions> options,
    ILogger<SpoolDrainer> logger) : BackgroundService
{
    const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!spool.HasPending)
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                continue;
            }
            try
            {
                var drained = await DrainBatchAsync(stoppingToken).ConfigureAwait(false);
                LogDrained(logger, drained, spool.HasPending);
                backoff = TimeSpan.FromMilliseconds(250);
            }
            catch (Exception e) when (RedisFailure.Is(e))
            {
                LogStillUnavailable(logger, e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    async Task<int> DrainBatchAsync(CancellationToken cancellationToken)
    {
        var drained = 0;
        foreach (var (record, next) in spool.ReadPending(BatchSize))
        {
            var accepted = SpoolCodec.ToEvent(record);
            await publisher.PublishOnceAsync(accepted, options.Value.DeduplicationWindow, cancellationToken).ConfigureAwait(false);
            spool.MarkDrained(next);
            drained++;
        }
        return drained;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} spooled events to their streams (more pending: {MorePending})")]
    static partial void LogDrained(ILogger logger, int count, bool morePending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spooled events wait: Redis still unavailable ({Reason}); next try in {DelaySeconds} s")]
    static partial void LogStillUnavailable(ILogger logger, string reason, double delaySeconds);
}
