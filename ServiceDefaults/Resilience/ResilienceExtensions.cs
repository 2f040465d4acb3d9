using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Messaging.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    /// <summary>
    /// Binds <see cref="HttpResilienceOptions"/> (validated at start; a named client can override
    /// any value in <c>HttpResilience:Clients:{name}</c>) and makes every standard resilience
    /// handler of Microsoft.Extensions.Http.Resilience take its values from them.
    /// </summary>
    public static IServiceCollection AddHttpResilienceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpResilienceOptions>()
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.ConfigureAll<HttpResilienceOptions>(options =>
            configuration.GetSection(HttpResilienceOptions.SectionName).Bind(options));
        services.AddSingleton<IConfigureOptions<HttpResilienceOptions>>(new NamedClientOverrides(configuration));
        services.AddSingleton<IConfigureOptions<HttpStandardResilienceOptions>, StandardHandlerSettings>();
        return services;
    }

    /// <summary>For calls that must fail fast and honestly, such as health probes and provider sends with their own retry policy.</summary>
    public static IHttpClientBuilder RemoveResilienceHandler(this IHttpClientBuilder builder)
    {
#pragma warning disable EXTEXP0001 // Removing the handlers the defaults added is the documented way to opt a client out.
        return builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    sealed class NamedClientOverrides(IConfiguration configuration) : IConfigureNamedOptions<HttpResilienceOptions>
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
