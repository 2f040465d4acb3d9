using Gateway.Health;
using Gateway.Limits;
using Gateway.Proxies;
using Gateway.Routing;
using Gateway.Transport;
using Microsoft.Extensions.Options;

namespace Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RateLimit.Burst >= o.RateLimit.PermitsPerSecond, "Gateway:RateLimit:Burst must be at least PermitsPerSecond.")
            .Validate(o => o.TrustedProxies.All(TrustedProxyExtensions.IsValidEntry), "Gateway:TrustedProxies holds an entry that is neither an IP address nor a CIDR network.")
            .ValidateOnStart();
        builder.AddInlineIo();
        builder.AddTrustedProxies();
        builder.Services.AddSingleton<PublicRoutes>();
        builder.Services.AddReverseProxy().AddServiceDiscoveryDestinationResolver().Services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigProvider, PublicRoutesConfigProvider>();
        builder.Services.AddSourceRateLimiting();
        builder.Services.AddDownstreamHealthChecks();
        return builder;
    }

    /// <summary>The client as the trusted proxy saw it, then limits, so refused requests never reach a service.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        // With no proxy listed the middleware would believe everyone, so it runs only when one is.
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        app.UseRateLimiter();
        app.UseRequestBodyLimit();
        app.MapRootRedirect();
        app.MapReverseProxy();
        return app;
    }
}
