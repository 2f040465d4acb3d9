using Messaging.ServiceDefaults.Discovery;
using Messaging.ServiceDefaults.Health;
using Messaging.ServiceDefaults.Resilience;
using Messaging.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Messaging service shares: telemetry, health, service discovery and resilient
/// HttpClients. Mirrors Aspire's ServiceDefaults, built by hand (see PACKAGES.md).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDefaultTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddHttpResilienceOptions(builder.Configuration);
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddParentProcessWatch();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseHealthRequestsOutOfTraces();
        app.MapHealthEndpoints();
        return app;
    }
}
