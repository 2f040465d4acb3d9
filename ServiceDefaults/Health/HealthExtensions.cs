using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Health;

/// <summary>
/// <c>/alive</c>: the process runs (checks tagged "live"). <c>/health</c>: ready, every
/// dependency registered by the service (database, Redis...) answers.
/// </summary>
public static class HealthExtensions
{
    public const string LiveTag = "live";
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return app;
    }

    /// <summary>Probes hit these endpoints every few seconds; their spans would drown real traces.</summary>
    public static WebApplication UseHealthRequestsOutOfTraces(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (IsHealthRequest(context.Request.Path) && Activity.Current is { } activity)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }
            return next(context);
        });
        return app;
    }

    static bool IsHealthRequest(PathString path) =>
        path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(AlivePath, StringComparison.OrdinalIgnoreCase);
}
