using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Messaging.ServiceDefaults.Discovery;

public static class DiscoveryExtensions
{
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceEndpointResolver>();
        services.TryAddTransient<ServiceDiscoveryHandler>();
        return services;
    }

    /// <summary>Lets this client use logical service names as hosts.</summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        return builder.AddHttpMessageHandler<ServiceDiscoveryHandler>();
    }
}
