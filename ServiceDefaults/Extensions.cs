using Messaging.ServiceDefaults.Authentication;
using Messaging.ServiceDefaults.Errors;
using Messaging.ServiceDefaults.Health;
using Messaging.ServiceDefaults.Resilience;
using Messaging.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Messaging service shares, in the shape of Aspire's service defaults: OpenTelemetry,
/// health endpoints, service discovery (<c>http://billing</c> resolves through
/// <c>services:billing:http:0</c>) and the standard resilience handler on every HttpClient.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(TimeProvider.System);
        // Consumers, relays and sweepers each finish their current work on stop; side by side, a
        // service stops in the time of the slowest instead of the sum of them all.
        builder.Services.Configure<HostOptions>(host => host.ServicesStopConcurrently = true);
        builder.AddConsoleLogDefaults();
        builder.AddDefaultTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddDefaultErrorResponses();
        builder.AddServiceAuthentication();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddHttpResilienceOptions(builder.Configuration);
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // One circuit per destination, so one failing dependency opens only its own.
            http.AddStandardResilienceHandler().SelectPipelineByAuthority();
            // Before discovery, while the request still names the service (http://billing), not its address.
            http.AddHttpMessageHandler<ServiceCredentialHandler>();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// First in every service's pipeline: the shared error responses (so nothing after them can
    /// answer with internals), service authentication, then the health endpoints.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, HealthDetail health = HealthDetail.EveryCheck)
    {
        app.UseDefaultErrorResponses();
        // Explicit, so internal APIs are guarded however a service builds the rest of its pipeline.
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints(health);
        return app;
    }
}
