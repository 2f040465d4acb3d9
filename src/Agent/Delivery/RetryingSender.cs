using Agent.Conversations;
using Messaging.Channels.Sending;
using Microsoft.Extensions.Options;

namespace Agent.Delivery;

/// <summary>
/// One send with retries on retryable errors (throttling, 5xx, timeouts): waits what the
/// provider asked, or an exponential backoff, capped; every retry is on the turn's timeline.
/// </summary>
public sealed class RetryingSender(SendPacing pacing, TurnTimeline timeline, IOptions<AgentOptions> options, TimeProvider time)
{
    public async Task<SendResult> SendAsync(string channelId, string recipient, string? turnId, Func<CancellationToken, Task<SendResult>> send, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            await pacing.WaitAsync(channelId, recipient, cancellationToken);
            var result = await send(cancellationToken);
            if (result.Succeeded || result.Error is not { IsRetryable: true } error || attempt >= settings.MaxSendAttempts)
            {
                return result;
            }
            var backoff = settings.RetryBaseDelay * Math.Pow(2, attempt - 1);
            var delay = error.RetryAfter is { } asked && asked > backoff ? asked : backoff;
            if (delay > settings.MaxRetryDelay)
            {
                delay = settings.MaxRetryDelay;
            }
            await pacing.HoldAsync(channelId, recipient, error, delay, cancellationToken);
            if (turnId is not null)
            {
                await timeline.AddAsync(turnId, TurnEventKinds.Retrying, error.Explanation,
                    new { attempt, delayMs = (long)delay.TotalMilliseconds, code = error.Code, httpStatus = error.HttpStatus }, cancellationToken);
            }
            await Task.Delay(delay, time, cancellationToken);
        }
    }
}
