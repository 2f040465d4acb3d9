using Messaging.ServiceDefaults.Discovery;
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
        services.AddOptions<HealthCheckServiceOptions>().Configure<ServiceEndpointResolver>((options, endpoints) =>
        {
            foreach (var (service, _, required) in Routing.PublicRoutes.Table)
            {
                Add(options, endpoints, service, required ? HealthStatus.Unhealthy : HealthStatus.Degraded);
            }
            foreach (var service in Observed)
            {
                Add(options, endpoints, service, HealthStatus.Degraded);
            }
        });
        return services;
    }

    static void Add(HealthCheckServiceOptions options, ServiceEndpointResolver endpoints, string service, HealthStatus failureStatus)
    {
        if (endpoints.GetEndpoints(service).Count == 0)
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
