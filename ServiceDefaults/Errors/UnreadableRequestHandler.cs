using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messaging.ServiceDefaults.Errors;

/// <summary>
/// Unreadable requests (malformed JSON, a missing body, wrong types, a body over the limit) are the
/// caller's error: the status Kestrel or the binder chose (400, 413...) with what could not be read.
/// </summary>
internal sealed partial class UnreadableRequestHandler(IProblemDetailsService problems, ILogger<UnreadableRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException unreadable)
        {
            return false;
        }
        LogUnreadable(logger, httpContext.Request.Method, httpContext.Request.Path, unreadable.StatusCode, unreadable.Message);
        httpContext.Response.StatusCode = unreadable.StatusCode;
        // A caller that accepts no problem JSON still gets the status, with an empty body.
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = unreadable.StatusCode, Title = "The request could not be read.", Detail = unreadable.Message },
        });
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused unreadable request {Method} {Path} with {Status}: {Reason}")]
    static partial void LogUnreadable(ILogger logger, string method, PathString path, int status, string reason);
}
