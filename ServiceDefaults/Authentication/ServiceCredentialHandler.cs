using Microsoft.Extensions.Options;

namespace Messaging.ServiceDefaults.Authentication;

/// <summary>
/// Adds this service's credential to requests for the internal services it calls, by their
/// logical name (before service discovery resolves it), and to nothing else: a tenant's URL never sees it.
/// </summary>
internal sealed class ServiceCredentialHandler(IOptions<ServiceAuthOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var auth = options.Value;
        if (auth is { Name: { Length: > 0 } name, Credential: { Length: > 0 } credential }
            && request.RequestUri is { } uri
            && request.Headers.Authorization is null
            && auth.Targets.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = ServiceCredential.Header(name, credential);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
