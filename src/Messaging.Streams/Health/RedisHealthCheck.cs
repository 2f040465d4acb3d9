using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Streams.Health;

/// <summary>Healthy when Redis answers PING on the shared connection.</summary>
internal sealed class RedisHealthCheck(IRedisClient redis, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        try
        {
            await redis.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {time.GetElapsedTime(started).TotalMilliseconds:0.0} ms ({redis.Protocol}).");
        }
        catch (RedisException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer PING.", exception);
        }
    }
}
