namespace Messaging.Tenancy.Urls;

/// <summary>
/// The outermost handler of an HttpClient that reaches tenant URLs: refuses a URL the policy
/// refuses before anything else sees it, and records the URL as requested, before service
/// discovery rewrites a deployment's allowed name (<c>http://sandbox</c>) into an address, so
/// <see cref="TenantUrlConnector"/> knows the connection is for an allowed host.
/// </summary>
internal sealed class TenantUrlGuard(TenantUrlPolicy policy) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<Uri> RequestedUrl = new("Messaging.TenantUrl");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } url)
        {
            if (policy.Refusal(url) is { } reason)
            {
                throw new TenantUrlRefusedException($"The tenant URL {url.GetLeftPart(UriPartial.Authority)} {reason}; nothing was sent.");
            }
            request.Options.Set(RequestedUrl, url);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
