namespace Messaging.Channels.Twilio;

/// <summary>
/// Sits between the Twilio SDK and the HttpClient factory's handlers for one call: sends what
/// the SDK addresses to <c>api.twilio.com</c> to the channel's base URL instead (scheme, host,
/// port and path prefix, e.g. <c>http://sandbox/twilio</c>), and lets the caller's token cancel
/// the request, which the SDK's API cannot pass on.
/// </summary>
internal sealed class TwilioBaseUrlHandler(Uri baseUrl, CancellationToken callerToken) : DelegatingHandler
{
    /// <summary>The host every REST call of the SDK goes to when neither edge nor region is set, as here.</summary>
    public const string SdkApiHost = "api.twilio.com";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } target)
            request.RequestUri = Rebase(target, baseUrl);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callerToken);
        return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
    }

    /// <summary><paramref name="target"/> at <paramref name="baseUrl"/> when it is addressed to the SDK's API host; otherwise unchanged.</summary>
    internal static Uri Rebase(Uri target, Uri baseUrl)
    {
        if (!target.IsAbsoluteUri || !target.Host.Equals(SdkApiHost, StringComparison.OrdinalIgnoreCase))
            return target;

        // Built as text from escaped parts: UriBuilder would escape an already escaped path again.
        var prefix = baseUrl.AbsolutePath.TrimEnd('/');
        return new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + prefix + target.PathAndQuery);
    }
}
