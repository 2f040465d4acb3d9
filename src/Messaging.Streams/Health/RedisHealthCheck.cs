using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Streams.Health;

/// <summary>
/// Healthy when Redis answers PING on the shared connection. Probes answer within
/// <see cref="ProbeTimeout"/>: an orchestrator waiting on /health must not wait out the
/// client's command timeout while Redis is unreachable.
/// </summary>
internal sealed class RedisHealthCheck(IRedisClient redis, TimeProvider time) : IHealthCheck
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(ProbeTimeout);
        try
        {
            await redis.PingAsync(probe.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {time.GetElapsedTime(started).TotalMilliseconds:0.0} ms ({redis.Protocol}).");
        }
        catch (RedisException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer PING.", exception);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis did not answer PING within {ProbeTimeout.TotalSeconds:0} s.");
        }
    }
}
