using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Messaging.Tenancy.Urls;

/// <summary>
/// The connect step of the HttpClients that reach tenant URLs: resolves the host, refuses the
/// connection when any address is loopback, link-local, private or otherwise non-public (a
/// public name pointed at an internal address, or re-pointed after it was validated), and
/// connects to the checked addresses only. Hosts the deployment allows
/// (<c>Tenancy:TenantUrls:AllowedHosts</c>) connect wherever they resolve.
/// </summary>
public sealed partial class TenantUrlConnector(TenantUrlPolicy policy, ITenantHostResolver resolver, ILogger<TenantUrlConnector> logger)
{
    /// <summary>The whole enforcement for an HttpClient made outside the factory (the AI SDK's transport): the request check, then this connect step.</summary>
    public HttpMessageHandler CreateHandler(TimeSpan pooledConnectionLifetime) =>
        new TenantUrlGuard(policy) { InnerHandler = new SocketsHttpHandler { ConnectCallback = ConnectAsync, PooledConnectionLifetime = pooledConnectionLifetime } };

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var requested = context.InitialRequestMessage.Options.TryGetValue(TenantUrlGuard.RequestedUrl, out var url) ? url : null;
        var allowed = (requested is not null && policy.IsAllowedHost(requested.IdnHost, requested.Port)) || policy.IsAllowedHost(endpoint.Host, endpoint.Port);
        var addresses = await resolver.ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        if (!allowed && addresses.FirstOrDefault(a => !TenantUrlPolicy.IsPublic(a)) is { } internalAddress)
        {
            LogRefused(logger, endpoint.Host, internalAddress);
            throw new TenantUrlRefusedException(
                $"The tenant URL host '{endpoint.Host}' resolves to {internalAddress}, a loopback, link-local, private or otherwise non-public address; nothing was sent.");
        }
        if (addresses.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The tenant URL host '{endpoint.Host}' has no address.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to connect to tenant URL host {Host}: it resolves to {Address}, which is not a public address")]
    static partial void LogRefused(ILogger logger, string host, IPAddress address);
}
