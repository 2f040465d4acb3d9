using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Messaging.Tenancy.Urls;

/// <summary>
/// Refuses tenant URLs that point inside the deployment: loopback, link-local (cloud metadata),
/// private and other non-public addresses, and host names that are not public DNS names
/// (<c>http://admin</c>, <c>localhost</c>, <c>*.internal</c>), unless the deployment allows the host.
/// </summary>
public sealed class TenantUrlPolicy(IOptions<TenantUrlOptions> options)
{
    static readonly string[] InternalSuffixes = [".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp"];

    /// <summary>Why the URL is refused, or null when it may be used.</summary>
    public string? Refusal(Uri url)
    {
        if (IsAllowedHost(url.IdnHost, url.Port))
        {
            return null;
        }
        var host = Normalize(url.IdnHost);
        if (url.Scheme != Uri.UriSchemeHttps && !options.Value.AllowHttp)
        {
            return "must use https";
        }
        if (IPAddress.TryParse(host, out var address))
        {
            return IsPublic(address) ? null : $"points at {address}, a loopback, link-local, private or otherwise non-public address";
        }
        if (host == "localhost" || !host.Contains('.', StringComparison.Ordinal) || InternalSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return $"names '{host}', which is not a public host name";
        }
        return null;
    }

    /// <summary>Whether the deployment allows this host (<c>name</c>, or <c>name:port</c> for this port), whatever it resolves to.</summary>
    public bool IsAllowedHost(string host, int port)
    {
        host = Normalize(host);
        var allowed = options.Value.AllowedHosts;
        return allowed.Contains(host, StringComparer.OrdinalIgnoreCase) || allowed.Contains($"{host}:{port}", StringComparer.OrdinalIgnoreCase);
    }

    static string Normalize(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast || address.IsIPv6Teredo);
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 0                                  // "this network"
            || b[0] == 10                                   // private
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)   // carrier-grade NAT
            || (b[0] == 169 && b[1] == 254)                 // link-local, cloud metadata
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)    // private
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)      // protocol assignments
            || (b[0] == 192 && b[1] == 168)                 // private
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19))  // benchmarking
            || b[0] >= 224);                                // multicast and reserved
    }
}
