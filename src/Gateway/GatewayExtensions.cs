using Gateway.Health;
using Gateway.Routing;

namespace Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublicRoutes>();
        builder.Services.AddReverseProxy().Services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigProvider, PublicRoutesConfigProvider>();
        builder.Services.AddDownstreamHealthChecks();
        return builder;
    }
}
