using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Authentication;

/// <summary>
/// Internal APIs answer only the services of the deployment: an endpoint marked
/// <see cref="RequireServiceCaller{TBuilder}"/> refuses (401, and changes nothing) a request
/// without a valid service credential, and (403) a valid caller it does not name.
/// </summary>
public static class ServiceAuthExtensions
{
    public const string PolicyPrefix = "service-caller:";

    public static IHostApplicationBuilder AddServiceAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceAuthOptions>()
            .Bind(builder.Configuration.GetSection(ServiceAuthOptions.SectionName))
            .Validate(o => o.Callers.Values.All(hashes => hashes.All(h => Convert.TryFromBase64String(h, new byte[32], out var n) && n == 32)),
                $"{ServiceAuthOptions.SectionName}:Callers holds a value that is not the base64 of a SHA-256 hash.")
            .Validate(o => o.Targets.Count == 0 || (!string.IsNullOrEmpty(o.Name) && !string.IsNullOrEmpty(o.Credential)),
                $"{ServiceAuthOptions.SectionName}:Targets needs {ServiceAuthOptions.SectionName}:Name and :Credential.")
            .ValidateOnStart();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ServiceAuthenticationHandler>(ServiceCredential.Scheme, _ => { });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<IAuthorizationPolicyProvider, ServiceCallerPolicyProvider>();
        builder.Services.AddTransient<ServiceCredentialHandler>();
        return builder;
    }

    /// <summary>
    /// For a service with no public endpoint: every endpoint, including any added later, demands a
    /// service caller unless it allows anonymous callers itself (the health probes do).
    /// </summary>
    public static IHostApplicationBuilder RequireServiceCallerByDefault(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AuthorizationOptions>(options => options.FallbackPolicy = ServiceCallerPolicyProvider.Build([]));
        return builder;
    }

    /// <summary>Only these services (any service of the deployment when none is named) may call the endpoints.</summary>
    public static TBuilder RequireServiceCaller<TBuilder>(this TBuilder endpoints, params string[] callers) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(PolicyPrefix + string.Join(',', callers));
}
