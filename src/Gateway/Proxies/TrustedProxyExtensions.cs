using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Gateway.Proxies;

/// <summary>
/// Behind a TLS-terminating reverse proxy every connection comes from the proxy; the client's
/// address (for the per-source rate limit) and scheme are then taken from <c>X-Forwarded-For</c>
/// and <c>X-Forwarded-Proto</c>, but only from the proxies listed in <c>Gateway:TrustedProxies</c>
/// (addresses or CIDR networks). From anyone else those headers are ignored.
/// </summary>
public static class TrustedProxyExtensions
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((options, gateway) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what the deployment names is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in gateway.Value.TrustedProxies)
            {
                // Entries that parse as neither are refused at start by the options validation.
                if (System.Net.IPNetwork.TryParse(entry, out var network) && entry.Contains('/', StringComparison.Ordinal))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }
        });
        return builder;
    }

    public static bool IsValidEntry(string entry) =>
        entry.Contains('/', StringComparison.Ordinal) ? System.Net.IPNetwork.TryParse(entry, out _) : IPAddress.TryParse(entry, out _);
}
