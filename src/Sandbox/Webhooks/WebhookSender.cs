using System.Text;
using Sandbox.Calls;

namespace Sandbox.Webhooks;

/// <summary>Posts one webhook to the product, once, and records the exchange.</summary>
public sealed partial class WebhookSender(IHttpClientFactory httpClients, CallLog calls, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    public async Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var response = await PostAsync(request, cancellationToken);
        await calls.RecordAsync(new CallRecord(
            0, default, request.Provider, CallDirection.Outbound, request.Kind, "POST", request.Url.ToString(),
            request.BusinessNumber, request.CustomerNumber, request.MessageId, "signed",
            Encoding.UTF8.GetString(request.Body), response.Status, response.Body, response.Error));
        return response;
    }

    async Task<WebhookResponse> PostAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new ByteArrayContent(request.Body),
        };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        message.Headers.TryAddWithoutValidation(request.SignatureHeader, request.Signature);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new WebhookResponse((int)response.StatusCode, body, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(request.Kind, request.Url, e.Message);
            return new WebhookResponse(0, null, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post {Kind} webhook to {Url}: {Error}")]
    partial void LogUnreachable(string kind, Uri url, string error);
}
