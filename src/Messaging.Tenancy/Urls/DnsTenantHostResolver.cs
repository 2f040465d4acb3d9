using System.Net;

namespace Messaging.Tenancy.Urls;

/// <summary>The machine's resolver.</summary>
internal sealed class DnsTenantHostResolver : ITenantHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var address) ? Task.FromResult<IPAddress[]>([address]) : Dns.GetHostAddressesAsync(host, cancellationToken);
}
