using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Messaging.Channels;

public static class ChannelsExtensions
{
    /// <summary>
    /// Registers <see cref="MetaCloudApiClient"/> as a typed HttpClient and <see cref="TwilioApiClient"/>
    /// on the named HttpClient <see cref="TwilioApiClient.DefaultHttpClientName"/>, with their options
    /// bound from <c>Channels:Meta</c> and <c>Channels:Twilio</c> and validated at start-up (point <c>BaseUrl</c> at the Sandbox to run without accounts).
    /// </summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<MetaCloudApiOptions>()
            .Bind(configuration.GetSection(MetaCloudApiOptions.SectionName))
            .Validate(o => IsHttpBase(o.BaseUrl), "Channels:Meta:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => IsGraphVersion(o.ApiVersion), "Channels:Meta:ApiVersion must look like v23.0.")
            .Validate(o => IsSensibleTimeout(o.Timeout), "Channels:Meta:Timeout must be between 1 second and 5 minutes.")
            .Validate(o => o.MaxMediaBytes > 0, "Channels:Meta:MaxMediaBytes must be positive.")
            .ValidateOnStart();

        services.AddOptions<TwilioApiOptions>()
            .Bind(configuration.GetSection(TwilioApiOptions.SectionName))
            .Validate(o => IsHttpBase(o.BaseUrl), "Channels:Twilio:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => IsSensibleTimeout(o.Timeout), "Channels:Twilio:Timeout must be between 1 second and 5 minutes.")
            .Validate(o => o.MaxMediaBytes > 0, "Channels:Twilio:MaxMediaBytes must be positive.")
            .ValidateOnStart();

        services.AddHttpClient<MetaCloudApiClient>((provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<MetaCloudApiOptions>>().Value.Timeout);
        // The Twilio SDK makes the requests; the client hands it the factory's handlers per call.
        services.AddHttpClient(TwilioApiClient.DefaultHttpClientName);
        services.TryAddSingleton<TwilioApiClient>();

        return services;
    }

    private static bool IsHttpBase(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static bool IsGraphVersion(string? version) =>
        version is { Length: >= 4 } && version[0] == 'v' && version[1..].Split('.') is [var major, var minor]
        && major.All(char.IsAsciiDigit) && minor.All(char.IsAsciiDigit) && major.Length > 0 && minor.Length > 0;

    private static bool IsSensibleTimeout(TimeSpan timeout) =>
        timeout >= TimeSpan.FromSeconds(1) && timeout <= TimeSpan.FromMinutes(5);
}
