using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Messaging.ServiceDefaults.Errors;

/// <summary>
/// PostgreSQL, Redis or another service did not answer (restarting, a connection the restart
/// broke, a full pool, an open circuit). Nothing about the request is wrong and nothing was
/// changed, so the caller is told to try again: 503 with Retry-After, which the standard
/// resilience handler of every service's clients retries. A 500 would say the request itself
/// broke something.
/// </summary>
internal sealed partial class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "2";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (UnavailableDependency(exception) is not { } dependency)
        {
            return false;
        }
        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, dependency, exception.Message, ErrorResponseExtensions.CorrelationId(httpContext));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "A dependency is temporarily unavailable; try again shortly." },
        });
        return true;
    }

    /// <summary>The dependency that did not answer, anywhere in the exception's chain, or null when the failure is not one.</summary>
    internal static string? UnavailableDependency(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // Transient covers broken and refused connections, a server shutting down (57P0x),
                // too many connections (53300), pool exhaustion and serialization conflicts.
                case NpgsqlException { IsTransient: true }:
                    return "PostgreSQL";
                case RedisConnectionException or RedisTimeoutException:
                    return "Redis";
                case BrokenCircuitException or TimeoutRejectedException:
                    return "a service (its circuit is open or it timed out)";
                case HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError }:
                    return "a service";
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Method} {Path} with 503: {Dependency} is unavailable ({Reason}; correlation id {CorrelationId})")]
    static partial void LogUnavailable(ILogger logger, string method, PathString path, string dependency, string reason, string correlationId);
}
