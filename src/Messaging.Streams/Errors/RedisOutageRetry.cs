using Polly;
using Polly.Retry;

namespace Messaging.Streams.Errors;

/// <summary>
/// The one wait for Redis to come back, shared by everything that must outlast an outage (the
/// bus's consumers, change listeners, Ingest's spool): work that fails only because Redis did not
/// answer (<see cref="RedisFailure"/>) is tried again without end, after a first delay doubling up
/// to <see cref="MaxDelay"/>, without jitter. Each execution starts again from the first delay,
/// so a success resets the wait. Any other exception is the caller's to handle.
/// </summary>
public static class RedisOutageRetry
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <param name="onRetry">Told each failure and the delay before the next try, for the caller's own log line.</param>
    public static ResiliencePipeline Create(TimeProvider time, TimeSpan firstDelay, Action<Exception, TimeSpan> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(RedisFailure.Is),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = firstDelay,
                MaxDelay = MaxDelay,
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
