using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Routing;

/// <summary>Feeds YARP the public routes, with destinations from service discovery configuration.</summary>
internal sealed class PublicRoutesConfigProvider(PublicRoutes routes) : IProxyConfigProvider
{
    public IProxyConfig GetConfig() => new Snapshot(routes.Routes(), routes.Clusters());

    sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;
        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;
        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
    }
}
