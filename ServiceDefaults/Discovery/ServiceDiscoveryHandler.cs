namespace Messaging.ServiceDefaults.Discovery;

/// <summary>Rewrites <c>http://billing/...</c> to the endpoint the orchestrator gave the billing service.</summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri && IsLogicalName(uri.Host) &&
            resolver.Resolve(uri.Host, uri.Scheme) is { } endpoint)
        {
            var builder = new UriBuilder(uri) { Scheme = endpoint.Scheme, Host = endpoint.Host, Port = endpoint.Port };
            if (endpoint.AbsolutePath != "/")
            {
                builder.Path = endpoint.AbsolutePath.TrimEnd('/') + uri.AbsolutePath;
            }
            request.RequestUri = builder.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }

    // A service name has no dots and is not an address; real hosts pass through untouched.
    static bool IsLogicalName(string host) =>
        !host.Contains('.', StringComparison.Ordinal) && !host.Contains(':', StringComparison.Ordinal) &&
        !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
}
