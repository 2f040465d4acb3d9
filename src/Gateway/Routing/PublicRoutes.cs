using Messaging.ServiceDefaults.Discovery;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Routing;

/// <summary>
/// The only public entry of the product (DESIGN.md, "Gateway routes"). Everything not listed
/// here, in particular the services' internal APIs, is unreachable from outside.
/// </summary>
public sealed class PublicRoutes(ServiceEndpointResolver endpoints)
{
    /// <summary>Service name, public path patterns, and whether the gateway is unready without it.</summary>
    public static readonly IReadOnlyList<(string Service, string[] Paths, bool Required)> Table =
    [
        ("ingest", ["/webhooks/whatsapp", "/webhooks/twilio/{**rest}"], true),
        ("admin", ["/admin", "/admin/{**rest}", "/forms/{**rest}"], true),
        // The provider emulator is routed only when the orchestrator runs it (development, demo, tests).
        ("sandbox", ["/sandbox", "/sandbox/{**rest}"], false),
    ];

    public IReadOnlyList<RouteConfig> Routes() =>
        [.. Table.Where(entry => HasEndpoints(entry.Service))
            .SelectMany(entry => entry.Paths.Select((path, i) => new RouteConfig
            {
                RouteId = $"{entry.Service}-{i}",
                ClusterId = entry.Service,
                Match = new RouteMatch { Path = path },
            }))];

    public IReadOnlyList<ClusterConfig> Clusters() =>
        [.. Table.Where(entry => HasEndpoints(entry.Service))
            .Select(entry => new ClusterConfig
            {
                ClusterId = entry.Service,
                Destinations = endpoints.GetEndpoints(entry.Service)
                    .Select((uri, i) => (uri, i))
                    .ToDictionary(d => $"{entry.Service}-{d.i}", d => new DestinationConfig { Address = d.uri.ToString() }),
            })];

    bool HasEndpoints(string service) => endpoints.GetEndpoints(service).Count > 0;
}
