using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Health;

/// <summary>
/// <c>/alive</c>: the process runs (checks tagged "live"). <c>/health</c>: ready, every
/// dependency registered by the service (database, Redis...) answers. An internal service's
/// report names each check; a public one (the gateway's) says only healthy or not, and the
/// details of a failing check go to the log.
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

    public static WebApplication MapHealthEndpoints(this WebApplication app, HealthDetail detail)
    {
        Func<HttpContext, HealthReport, Task> writer = detail == HealthDetail.StatusOnly ? HealthResponseWriter.WriteStatusAsync : HealthResponseWriter.WriteAsync;
        // Probes come from the orchestrator and the gateway, which present no credential.
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = writer }).AllowAnonymous();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = writer,
        }).AllowAnonymous();
        return app;
    }
}

/// <summary>How much a service's health endpoints tell whoever asks.</summary>
public enum HealthDetail
{
    /// <summary>Each check by name with its state: for endpoints only the deployment reaches.</summary>
    EveryCheck,

    /// <summary>Only healthy, degraded or unhealthy: for endpoints the internet reaches.</summary>
    StatusOnly,
}
