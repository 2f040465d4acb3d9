using System.Net;

namespace Messaging.Tenancy.Urls;

/// <summary>
/// Resolves the host of a tenant URL at connect time. Every address it returns is checked and
/// the connection goes to those very addresses, so a name cannot resolve to a public address
/// for the check and to a private one for the socket.
/// </summary>
public interface ITenantHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
