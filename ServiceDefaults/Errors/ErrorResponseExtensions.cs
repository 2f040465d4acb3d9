using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Errors;

/// <summary>
/// Every error a service answers is a ProblemDetails whose only extension is a correlation id
/// (the request's trace id, which finds its log lines and its trace). No stack trace, header or
/// internal address leaves a service, in any environment.
/// </summary>
public static class ErrorResponseExtensions
{
    public const string CorrelationIdKey = "correlationId";

    public static IHostApplicationBuilder AddDefaultErrorResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // The framework's own extensions (traceId, and exception details in Development) say more than a caller needs.
            context.ProblemDetails.Extensions.Clear();
            context.ProblemDetails.Extensions[CorrelationIdKey] = CorrelationId(context.HttpContext);
        });
        builder.Services.AddExceptionHandler<UnreadableRequestHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();
        // Binding failures throw in every environment, so they are answered the same way everywhere.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseDefaultErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        return app;
    }

    public static string CorrelationId(HttpContext context) =>
        Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
}
