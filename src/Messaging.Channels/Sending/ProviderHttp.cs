using Messaging.Channels.Errors;

namespace Messaging.Channels.Sending;

/// <summary>
/// Sends one provider request and returns its body on success, or a classified error for an
/// error status, a timeout or a network failure. The caller's own cancellation still throws.
/// </summary>
internal sealed class ProviderHttp(HttpClient http, WhatsAppProvider provider, TimeProvider time)
{
    public async Task<ProviderResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return new ProviderResponse(body, response.Content.Headers.ContentType?.MediaType, null);

            var text = System.Text.Encoding.UTF8.GetString(body);
            var retryAfter = RetryAfterHeader.Read(response.Headers, time.GetUtcNow());
            var error = provider == WhatsAppProvider.Meta
                ? SendErrorClassifier.FromMetaResponse((int)response.StatusCode, text, retryAfter)
                : SendErrorClassifier.FromTwilioResponse((int)response.StatusCode, text, retryAfter);
            return new ProviderResponse(null, null, error);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ProviderResponse(null, null, SendErrorClassifier.FromException(provider, ex));
        }
    }
}

internal sealed record ProviderResponse(byte[]? Body, string? ContentType, SendError? Error);
