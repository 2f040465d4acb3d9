using Microsoft.AspNetCore.Diagnostics;

namespace Sandbox;

/// <summary>
/// Unreadable sandbox API requests (malformed JSON, wrong types) become a 400 problem that
/// says what could not be read, instead of a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        LogBadRequest(httpContext.Request.Path, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.InnerException?.Message ?? bad.Message },
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bad request to {Path}: {Error}")]
    partial void LogBadRequest(PathString path, string error);
}
