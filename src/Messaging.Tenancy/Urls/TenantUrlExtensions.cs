using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;

namespace Messaging.Tenancy.Urls;

public static class TenantUrlExtensions
{
    /// <summary>
    /// <see cref="TenantUrlPolicy"/> with <see cref="TenantUrlOptions"/> from <c>Tenancy:TenantUrls</c>
    /// (validated on start), for every service that validates or fetches tenant URLs. Once is enough.
    /// </summary>
    public static IServiceCollection AddTenantUrlPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(TenantUrlPolicy)))
        {
            return services;
        }
        services.AddOptions<TenantUrlOptions>()
            .Bind(configuration.GetSection(TenantUrlOptions.SectionName))
            .Validate(o => o.AllowedHosts.All(h => Uri.CheckHostName(h.Split(':')[0]) != UriHostNameType.Unknown), $"{TenantUrlOptions.SectionName}:AllowedHosts holds an entry that is not a host name or host:port.")
            .ValidateOnStart();
        services.AddSingleton<TenantUrlPolicy>();
        services.TryAddSingleton<ITenantHostResolver, DnsTenantHostResolver>();
        services.AddSingleton<TenantUrlConnector>();
        services.AddTransient<TenantUrlGuard>();
        return services;
    }

    /// <summary>
    /// This client fetches URLs that tenants supplied: the policy is enforced on every request
    /// (before service discovery or retries see it) and on every connection, against each
    /// address the host resolves to. Needs <see cref="AddTenantUrlPolicy"/>.
    /// </summary>
    public static IHttpClientBuilder ReachesTenantUrls(this IHttpClientBuilder http) => http
        .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler { ConnectCallback = services.GetRequiredService<TenantUrlConnector>().ConnectAsync })
        .ConfigureAdditionalHttpMessageHandlers((handlers, services) => handlers.Insert(0, services.GetRequiredService<TenantUrlGuard>()));
}
