using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messaging.ServiceDefaults.Errors;

/// <summary>
/// A failure nobody planned for: the whole exception goes to the log under the correlation id,
/// and the caller gets a 500 that carries only that id.
/// </summary>
internal sealed partial class UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
            return true;
        }
        LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path, ErrorResponseExtensions.CorrelationId(httpContext));
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        // A caller that accepts no problem JSON still gets the status, with an empty body.
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        });
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error answering {Method} {Path} (correlation id {CorrelationId})")]
    static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path, string correlationId);
}
