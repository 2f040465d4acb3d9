using Gateway.Health;
using Gateway.Limits;
using Gateway.Routing;
using Gateway.Transport;

namespace Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RateLimit.Burst >= o.RateLimit.PermitsPerSecond, "Gateway:RateLimit:Burst must be at least PermitsPerSecond.")
            .ValidateOnStart();
        builder.AddInlineIo();
        builder.Services.AddSingleton<PublicRoutes>();
        builder.Services.AddReverseProxy().AddServiceDiscoveryDestinationResolver().Services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigProvider, PublicRoutesConfigProvider>();
        builder.Services.AddSourceRateLimiting();
        builder.Services.AddDownstreamHealthChecks();
        return builder;
    }

    /// <summary>Limits first, so refused requests never reach a service.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestBodyLimit();
        app.MapRootRedirect();
        app.MapReverseProxy();
        return app;
    }
}
