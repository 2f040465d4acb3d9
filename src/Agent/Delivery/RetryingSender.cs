using Agent.Conversations;
using Messaging.Channels.Sending;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Agent.Delivery;

/// <summary>
/// One send with retries on retryable errors (throttling, 5xx, timeouts), through a Polly retry:
/// waits what the provider asked, or an exponential backoff if that is longer, capped; every
/// retry holds the number (or recipient) in <see cref="SendPacing"/> and is on the turn's timeline.
/// </summary>
public sealed class RetryingSender
{
    static readonly ResiliencePropertyKey<SendTarget> Target = new("agent.delivery.send-target");

    readonly SendPacing _pacing;
    readonly TurnTimeline _timeline;
    readonly ResiliencePipeline<SendResult> _pipeline;

    public RetryingSender(SendPacing pacing, TurnTimeline timeline, IOptions<AgentOptions> options, TimeProvider time)
    {
        _pacing = pacing;
        _timeline = timeline;
        _pipeline = Pipeline(options.Value, time, OnRetryAsync);
    }

    public async Task<SendResult> SendAsync(string channelId, string recipient, string? turnId, Func<CancellationToken, Task<SendResult>> send, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var target = new SendTarget(channelId, recipient, turnId);
            context.Properties.Set(Target, target);
            return await _pipeline.ExecuteAsync(
                static async (context, state) =>
                {
                    await state.Pacing.WaitAsync(state.Target.ChannelId, state.Target.Recipient, context.CancellationToken);
                    return await state.Send(context.CancellationToken);
                },
                context,
                (Pacing: _pacing, Target: target, Send: send));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The retry: <see cref="AgentOptions.MaxSendAttempts"/> attempts in all, the n-th retry after
    /// <see cref="AgentOptions.RetryBaseDelay"/> × 2ⁿ⁻¹, or after the provider's
    /// <see cref="Messaging.Channels.Errors.SendError.RetryAfter"/> when that is longer, never more than
    /// <see cref="AgentOptions.MaxRetryDelay"/>. No jitter: the shared hold in Redis already spreads replicas.
    /// </summary>
    /// <param name="onRetry">Runs before each wait, with the error, the 1-based attempt that failed and the wait.</param>
    internal static ResiliencePipeline<SendResult> Pipeline(AgentOptions settings, TimeProvider time, Func<RetryingSend, ResilienceContext, ValueTask> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<SendResult> { TimeProvider = time };
        if (settings.MaxSendAttempts <= 1)
        {
            return builder.Build();
        }

        var retry = new RetryStrategyOptions<SendResult>
        {
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result?.Error is { IsRetryable: true }),
            MaxRetryAttempts = settings.MaxSendAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = settings.RetryBaseDelay,
            MaxDelay = settings.MaxRetryDelay,
            OnRetry = args => onRetry(new RetryingSend(args.Outcome.Result!, args.AttemptNumber + 1, args.RetryDelay), args.Context),
        };
        // The provider's own delay wins when it is longer than the backoff; Polly does not cap a generated delay, so it is capped here.
        retry.DelayGenerator = args =>
        {
            var backoff = ExponentialBackoff(retry, args.AttemptNumber);
            return ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.Error?.RetryAfter is { } asked && asked > backoff
                ? (asked < settings.MaxRetryDelay ? asked : settings.MaxRetryDelay)
                : null);
        };
        return builder.AddRetry(retry).Build();
    }

    // Polly's exponential delay without jitter, to compare the provider's delay with what Polly would wait.
    static TimeSpan ExponentialBackoff(RetryStrategyOptions<SendResult> retry, int attemptNumber)
    {
        var delay = retry.Delay * Math.Pow(2, attemptNumber);
        return retry.MaxDelay is { } max && delay > max ? max : delay;
    }

    async ValueTask OnRetryAsync(RetryingSend retry, ResilienceContext context)
    {
        var target = context.Properties.GetValue(Target, default!);
        var error = retry.Result.Error!;
        await _pacing.HoldAsync(target.ChannelId, target.Recipient, error, retry.Delay, context.CancellationToken);
        if (target.TurnId is not null)
        {
            await _timeline.AddAsync(target.TurnId, TurnEventKinds.Retrying, error.Explanation,
                new { attempt = retry.Attempt, delayMs = (long)retry.Delay.TotalMilliseconds, code = error.Code, httpStatus = error.HttpStatus }, context.CancellationToken);
        }
    }

    sealed record SendTarget(string ChannelId, string Recipient, string? TurnId);
}
