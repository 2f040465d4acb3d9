using Messaging.ServiceDefaults.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

internal static class DownstreamHealthExtensions
{
    /// <summary>Services the gateway reports on without routing to them.</summary>
    static readonly string[] Observed = ["agent", "billing"];

    public static IServiceCollection AddDownstreamHealthChecks(this IServiceCollection services)
    {
        // Probes must answer fast and honestly: no retries between the probe and the service.
        services.AddHttpClient(DownstreamHealthCheck.ClientName).RemoveResilienceHandler();
        services.AddOptions<HealthCheckServiceOptions>().Configure<Routing.PublicRoutes>((options, routes) =>
        {
            foreach (var (service, _, required) in Routing.PublicRoutes.Table)
            {
                Add(options, routes, service, required ? HealthStatus.Unhealthy : HealthStatus.Degraded);
            }
            foreach (var service in Observed)
            {
                Add(options, routes, service, HealthStatus.Degraded);
            }
        });
        return services;
    }

    static void Add(HealthCheckServiceOptions options, Routing.PublicRoutes routes, string service, HealthStatus failureStatus)
    {
        if (!routes.IsDeployed(service))
        {
            return;
        }
        options.Registrations.Add(new HealthCheckRegistration(
            service,
            sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), service),
            failureStatus,
            ["downstream"]));
    }
}
