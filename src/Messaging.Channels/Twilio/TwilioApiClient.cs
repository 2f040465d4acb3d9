using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Messaging.Channels.Errors;
using Messaging.Channels.Inbound;
using Messaging.Channels.Json;
using Messaging.Channels.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Channels.Twilio;

/// <summary>
/// The Twilio REST calls the product makes: create a WhatsApp message, fetch the account to prove
/// the credentials work, and download inbound media. Basic auth with each channel's own account.
/// </summary>
public sealed partial class TwilioApiClient(
    HttpClient http,
    IOptions<TwilioApiOptions> options,
    TimeProvider time,
    ILogger<TwilioApiClient> logger)
{
    private const string ApiVersion = "2010-04-01";

    private readonly ProviderHttp _http = new(http, WhatsAppProvider.Twilio, time);
    private readonly TwilioApiOptions _options = options.Value;

    /// <summary><c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded.</summary>
    public async Task<SendResult> SendAsync(TwilioCredentials credentials, TwilioMessage message, CancellationToken cancellationToken = default)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("To", PhoneNumbers.ToTwilioWhatsApp(message.To)),
            new("From", PhoneNumbers.ToTwilioWhatsApp(credentials.FromNumber)),
        };
        if (message.ContentSid is not null)
        {
            fields.Add(new("ContentSid", message.ContentSid));
            if (message.ContentVariables is { Count: > 0 } variables)
                fields.Add(new("ContentVariables", JsonSerializer.Serialize(variables)));
        }
        if (message.Body is not null)
            fields.Add(new("Body", message.Body));
        fields.AddRange(message.MediaUrls.Select(url => new KeyValuePair<string, string>("MediaUrl", url.AbsoluteUri)));
        if (message.StatusCallback is not null)
            fields.Add(new("StatusCallback", message.StatusCallback.AbsoluteUri));

        using var request = Request(HttpMethod.Post, $"Accounts/{Escape(credentials.AccountSid)}/Messages.json", credentials);
        request.Content = new FormUrlEncodedContent(fields);
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.Error is { } error)
            return SendResult.Failed(Logged(credentials, error));

        return JsonElementReading.ParseObject(response.Body)?.String("sid") is { } sid
            ? SendResult.Sent(sid)
            : SendResult.Failed(Unexpected("a send"));
    }

    public Task<SendResult> SendTextAsync(TwilioCredentials credentials, string to, string body, Uri? statusCallback = null, CancellationToken cancellationToken = default) =>
        SendAsync(credentials, new TwilioMessage(to) { Body = body, StatusCallback = statusCallback }, cancellationToken);

    public Task<SendResult> SendTemplateAsync(
        TwilioCredentials credentials, string to, string contentSid, IReadOnlyDictionary<string, string> variables,
        Uri? statusCallback = null, CancellationToken cancellationToken = default) =>
        SendAsync(credentials, new TwilioMessage(to) { ContentSid = contentSid, ContentVariables = variables, StatusCallback = statusCallback }, cancellationToken);

    public Task<SendResult> SendMediaAsync(
        TwilioCredentials credentials, string to, Uri mediaUrl, string? caption = null,
        Uri? statusCallback = null, CancellationToken cancellationToken = default) =>
        SendAsync(credentials, new TwilioMessage(to) { Body = caption, MediaUrls = [mediaUrl], StatusCallback = statusCallback }, cancellationToken);

    /// <summary><c>GET /2010-04-01/Accounts/{AccountSid}.json</c>: the account's name and status prove the credentials.</summary>
    public async Task<CredentialCheck> VerifyAsync(TwilioCredentials credentials, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"Accounts/{Escape(credentials.AccountSid)}.json", credentials);
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.Error is { } error)
            return new CredentialCheck(null, null, Logged(credentials, error));

        if (JsonElementReading.ParseObject(response.Body) is not { } account)
            return new CredentialCheck(null, null, Unexpected("the account lookup"));

        var status = account.String("status");
        return status is null or "active"
            ? new CredentialCheck(account.String("friendly_name"), status, null)
            : new CredentialCheck(account.String("friendly_name"), status, new SendError(
                WhatsAppProvider.Twilio, SendErrorCategory.AuthBroken, null,
                $"The Twilio account is {status}. Reactivate it in the Twilio console.", null));
    }

    /// <summary>
    /// Downloads an inbound <c>MediaUrlN</c>. Credentials are only sent to the configured Twilio
    /// host; Twilio then redirects to a pre-signed storage URL, which the redirect reaches without them.
    /// </summary>
    public async Task<MediaDownload> DownloadMediaAsync(TwilioCredentials credentials, Uri mediaUrl, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, mediaUrl);
        if (Uri.Compare(mediaUrl, _options.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            request.Headers.Authorization = BasicAuth(credentials);

        var response = await _http.SendAsync(request, cancellationToken);
        if (response.Error is { } error)
            return new MediaDownload(null, null, Logged(credentials, error));
        if (response.Body!.LongLength > _options.MaxMediaBytes)
        {
            return new MediaDownload(null, null, new SendError(WhatsAppProvider.Twilio, SendErrorCategory.Permanent, null,
                $"The attachment is larger than the {_options.MaxMediaBytes / (1024 * 1024)} MB the product accepts.", null));
        }
        return new MediaDownload(response.Body, response.ContentType, null);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, TwilioCredentials credentials)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrls.WithTrailingSlash(_options.BaseUrl), $"{ApiVersion}/{path}"));
        request.Headers.Authorization = BasicAuth(credentials);
        return request;
    }

    private static AuthenticationHeaderValue BasicAuth(TwilioCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.AccountSid}:{credentials.AuthToken}")));

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private SendError Logged(TwilioCredentials credentials, SendError error)
    {
        LogProviderError(logger, credentials.AccountSid, error.Category, error.Code, error.HttpStatus, error.ProviderMessage);
        return error;
    }

    private static SendError Unexpected(string call) => new(
        WhatsAppProvider.Twilio, SendErrorCategory.Permanent, null,
        $"Twilio answered {call} in a way the product does not understand.", null);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Twilio API call for account {AccountSid} failed: {Category} (code {Code}, HTTP {HttpStatus}): {ProviderMessage}")]
    private static partial void LogProviderError(ILogger logger, string accountSid, SendErrorCategory category, int? code, int? httpStatus, string? providerMessage);
}
