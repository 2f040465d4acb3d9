using Ingest.Acceptance;
using Messaging.Streams.Bus;
using Messaging.Streams.Errors;
using Microsoft.Extensions.Options;
using Polly;

namespace Ingest.Spool;

/// <summary>
/// Moves spooled events to their streams, oldest first, as soon as Redis answers again. Each
/// goes through the same deduplicated append as a live webhook, so an event spooled twice
/// (a provider retry during the outage) or replayed after a crash reaches the stream once.
/// </summary>
public sealed partial class SpoolDrainer : BackgroundService
{
    const int BatchSize = 100;

    readonly DurableSpool _spool;
    readonly SpoolDrainSignal _signal;
    readonly IEventPublisher _publisher;
    readonly IOptions<IngestOptions> _options;
    readonly ILogger<SpoolDrainer> _logger;
    readonly ResiliencePipeline _whileRedisIsDown;

    public SpoolDrainer(
        DurableSpool spool,
        SpoolDrainSignal signal,
        IEventPublisher publisher,
        IOptions<IngestOptions> options,
        TimeProvider time,
        ILogger<SpoolDrainer> logger)
    {
        _spool = spool;
        _signal = signal;
        _publisher = publisher;
        _options = options;
        _logger = logger;
        _whileRedisIsDown = RedisOutageRetry.Create(time, FirstRetryDelay, (e, delay) => LogStillUnavailable(logger, e.Message, delay.TotalSeconds));
    }

    /// <summary>A batch that fails because Redis does not answer is tried again, without end; each batch starts again from this wait.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);


    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!_spool.HasPending)
            {
                await _signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                continue;
            }
            var drained = await _whileRedisIsDown.ExecuteAsync(DrainBatchAsync, stoppingToken).ConfigureAwait(false);
            LogDrained(_logger, drained, _spool.HasPending);
        }
    }

    async ValueTask<int> DrainBatchAsync(CancellationToken cancellationToken)
    {
        var drained = 0;
        foreach (var (record, next) in _spool.ReadPending(BatchSize))
        {
            var accepted = SpoolCodec.ToEvent(record);
            await _publisher.PublishOnceAsync(accepted, _options.Value.DeduplicationWindow, cancellationToken).ConfigureAwait(false);
            _spool.MarkDrained(next);
            drained++;
        }
        return drained;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} spooled events to their streams (more pending: {MorePending})")]
    static partial void LogDrained(ILogger logger, int count, bool morePending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spooled events wait: Redis still unavailable ({Reason}); next try in {DelaySeconds} s")]
    static partial void LogStillUnavailable(ILogger logger, string reason, double delaySeconds);
}
