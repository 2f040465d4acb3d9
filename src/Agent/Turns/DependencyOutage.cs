using System.Net;
using Messaging.Streams.Errors;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Agent.Turns;

/// <summary>
/// Failures that say a service the turn needs (Billing, PostgreSQL, Redis, the provider) did not
/// answer, not that the turn cannot be answered: no answer at all, a 5xx, 408 or 429, a timeout or
/// an open circuit. A turn that meets one stays pending and the stalled-turn sweep runs it again
/// once the service is back, instead of being failed for good (the customer would never hear back).
/// </summary>
public static class DependencyOutage
{
    public static bool Is(Exception exception) => exception switch
    {
        HttpRequestException http => http.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        TimeoutRejectedException or BrokenCircuitException => true,
        // HttpClient's own timeout.
        TaskCanceledException { InnerException: TimeoutException } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => RedisFailure.Is(exception),
    };
}
