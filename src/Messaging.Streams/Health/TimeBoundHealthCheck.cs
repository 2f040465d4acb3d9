using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Streams.Health;

/// <summary>
/// Gives another health check an answer time. StackExchange.Redis takes no cancellation token, so
/// the Redis check's PING ignores the health service's own timeout and waits in the client's
/// backlog for the whole command timeout while Redis is unreachable; this one stops waiting.
/// </summary>
internal sealed class TimeBoundHealthCheck(IHealthCheck inner, TimeSpan within) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var check = inner.CheckHealthAsync(context, cancellationToken);
        try
        {
            return await check.WaitAsync(within, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _ = check.ContinueWith(static abandoned => _ = abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return new HealthCheckResult(context.Registration.FailureStatus, $"No answer within {within.TotalSeconds:0.#} s.");
        }
    }
}
