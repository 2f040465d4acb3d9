using Microsoft.AspNetCore.Diagnostics;

namespace Billing.Api;

/// <summary>
/// Unreadable requests (malformed JSON, missing body, wrong types) answer 400 with a
/// ProblemDetails saying what was wrong, and leave a log line, in every environment.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        LogBadRequest(logger, httpContext.Request.Method, httpContext.Request.Path, badRequest.Message);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = badRequest.StatusCode, Title = "Unreadable request", Detail = badRequest.Message },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused unreadable request {Method} {Path}: {Reason}")]
    static partial void LogBadRequest(ILogger logger, string method, PathString path, string reason);
}
