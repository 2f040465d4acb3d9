using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Messaging.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    /// <summary>
    /// Binds <see cref="HttpResilienceOptions"/>; a named client can override any value in
    /// <c>HttpResilience:Clients:{name}</c>.
    /// </summary>
    public static IServiceCollection AddHttpResilienceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpResilienceOptions>()
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.ConfigureAll<HttpResilienceOptions>(options =>
            configuration.GetSection(HttpResilienceOptions.SectionName).Bind(options));
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<HttpResilienceOptions>>(
            new NamedClientOverrides(configuration));
        services.TryAddSingleton<ResiliencePipelineProvider>();
        return services;
    }

    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<ResiliencePipelineProvider>();
        return builder.AddHttpMessageHandler(sp =>
            new ResilienceHandler(sp.GetRequiredService<ResiliencePipelineProvider>(), builder.Name));
    }

    /// <summary>For calls that must fail fast and honestly, such as health probes.</summary>
    public static IHttpClientBuilder RemoveResilienceHandler(this IHttpClientBuilder builder) =>
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (handlers[i] is ResilienceHandler)
                {
                    handlers.RemoveAt(i);
                }
            }
        });

    sealed class NamedClientOverrides(IConfiguration configuration) : Microsoft.Extensions.Options.IConfigureNamedOptions<HttpResilienceOptions>
    {
        public void Configure(HttpResilienceOptions options) { }

        public void Configure(string? name, HttpResilienceOptions options)
        {
            if (!string.IsNullOrEmpty(name))
            {
                configuration.GetSection(HttpResilienceOptions.SectionName).GetSection("Clients").GetSection(name).Bind(options);
            }
        }
    }
}
