using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Routing;

/// <summary>
/// The only public entry of the product. Everything not listed here, in particular the
/// services' internal APIs, is unreachable from outside. Destinations are logical service names
/// (<c>http://ingest</c>) that service discovery resolves to every replica the deployment lists.
/// </summary>
public sealed class PublicRoutes(IConfiguration configuration, IOptions<GatewayOptions> options)
{
    /// <summary>Service name, public path patterns, and whether the gateway is unready without it.</summary>
    public static readonly IReadOnlyList<(string Service, string[] Paths, bool Required)> Table =
    [
        ("ingest", ["/webhooks/whatsapp", "/webhooks/twilio/{**rest}"], true),
        ("admin", ["/admin", "/admin/{**rest}", "/forms/{**rest}"], true),
        // The provider emulator is routed only when the deployment runs it (development, demo, tests).
        ("sandbox", ["/sandbox", "/sandbox/{**rest}"], false),
    ];

    public IReadOnlyList<RouteConfig> Routes() =>
        [.. Table.Where(entry => IsDeployed(entry.Service))
            .SelectMany(entry => entry.Paths.Select((path, i) => new RouteConfig
            {
                RouteId = $"{entry.Service}-{i}",
                ClusterId = entry.Service,
                Match = new RouteMatch { Path = path },
                // Only the demo's simulator uploads large files; every other route keeps the global limit.
                MaxRequestBodySize = entry.Service == "sandbox" ? options.Value.SandboxMaxRequestBodyBytes : null,
            }))];

    public IReadOnlyList<ClusterConfig> Clusters() =>
        [.. Table.Where(entry => IsDeployed(entry.Service))
            .Select(entry => new ClusterConfig
            {
                ClusterId = entry.Service,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [entry.Service] = new() { Address = $"http://{entry.Service}" },
                },
            })];

    /// <summary>A service is deployed when the deployment tells us where it is (<c>services:{name}</c>).</summary>
    public bool IsDeployed(string service) => configuration.GetSection("services").GetSection(service).Exists();
}
