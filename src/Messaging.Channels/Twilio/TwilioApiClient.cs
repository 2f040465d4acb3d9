using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Messaging.Channels.Errors;
using Messaging.Channels.Inbound;
using Messaging.Channels.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Messaging.Channels.Twilio;

/// <summary>
/// The Twilio REST calls the product makes: create a WhatsApp message and fetch the account to
/// prove the credentials work, both through the Twilio SDK, and download inbound media.
/// </summary>
/// <remarks>
/// Every call gets a <see cref="TwilioRestClient"/> for the channel's own account (never the
/// SDK's static client: tenants have their own credentials) over a <see cref="SystemNetHttpClient"/>
/// made for that call, on the HttpClient factory's handlers for <paramref name="httpClientName"/>,
/// so service discovery, resilience and telemetry apply. The per-call wrapper is what makes the
/// SDK's <see cref="global::Twilio.Http.HttpClient.LastResponse"/> this call's response, which
/// carries the <c>Retry-After</c> an <see cref="ApiException"/> drops.
/// </remarks>
public sealed partial class TwilioApiClient(
    IHttpMessageHandlerFactory handlers,
    IOptions<TwilioApiOptions> options,
    TimeProvider time,
    ILogger<TwilioApiClient> logger,
    string httpClientName = TwilioApiClient.DefaultHttpClientName)
{
    /// <summary>The HttpClient name <see cref="ChannelsExtensions.AddChannels"/> registers.</summary>
    public const string DefaultHttpClientName = "twilio";

    private readonly TwilioApiOptions _options = options.Value;

    /// <summary><c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded, by <see cref="MessageResource.CreateAsync(CreateMessageOptions, ITwilioRestClient)"/>.</summary>
    public async Task<SendResult> SendAsync(TwilioCredentials credentials, TwilioMessage message, CancellationToken cancellationToken = default)
    {
        // Twilio addresses WhatsApp users by phone number only; "whatsapp:+" would be refused as a bad request.
        if (PhoneNumbers.Digits(message.To).Length == 0 || CustomerAddress.IsBusinessScopedUserId(message.To))
            return SendResult.Failed(new SendError(WhatsAppProvider.Twilio, SendErrorCategory.Recipient, null,
                "The message has no phone number to go to: Twilio reaches WhatsApp users by phone number only.", null));
        var create = new CreateMessageOptions(new PhoneNumber(PhoneNumbers.ToTwilioWhatsApp(message.To)))
        {
            PathAccountSid = credentials.AccountSid,
            From = new PhoneNumber(PhoneNumbers.ToTwilioWhatsApp(credentials.FromNumber)),
            Body = message.Body,
            ContentSid = message.ContentSid,
            ContentVariables = message is { ContentSid: not null, ContentVariables.Count: > 0 } ? JsonSerializer.Serialize(message.ContentVariables) : null,
            MediaUrl = [.. message.MediaUrls],
            StatusCallback = message.StatusCallback,
        };

        var (created, error) = await CallAsync(credentials, "a send", client => MessageResource.CreateAsync(create, client), cancellationToken);
        if (error is not null)
            return SendResult.Failed(error);
        return created?.Sid is { Length: > 0 } sid ? SendResult.Sent(sid) : SendResult.Failed(Unexpected("a send"));
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

    /// <summary><c>GET /2010-04-01/Accounts/{AccountSid}.json</c> by <see cref="AccountResource.FetchAsync(string, ITwilioRestClient)"/>: the account's name and status prove the credentials.</summary>
    public async Task<CredentialCheck> VerifyAsync(TwilioCredentials credentials, CancellationToken cancellationToken = default)
    {
        var (account, error) = await CallAsync(credentials, "the account lookup",
            client => AccountResource.FetchAsync(pathSid: credentials.AccountSid, client: client), cancellationToken);
        if (error is not null)
            return new CredentialCheck(null, null, error);
        if (account is null)
            return new CredentialCheck(null, null, Unexpected("the account lookup"));

        var status = account.Status?.ToString();
        return status is null or "active"
            ? new CredentialCheck(account.FriendlyName, status, null)
            : new CredentialCheck(account.FriendlyName, status, new SendError(
                WhatsAppProvider.Twilio, SendErrorCategory.AuthBroken, null,
                $"The Twilio account is {status}. Reactivate it in the Twilio console.", null));
    }

    /// <summary>
    /// Downloads an inbound <c>MediaUrlN</c> (the SDK has no call for media content). Credentials
    /// are only sent to the configured Twilio host; Twilio then redirects to a pre-signed storage
    /// URL, which the redirect reaches without them.
    /// </summary>
    public async Task<MediaDownload> DownloadMediaAsync(TwilioCredentials credentials, Uri mediaUrl, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(System.Net.Http.HttpMethod.Get, mediaUrl);
        if (Uri.Compare(mediaUrl, _options.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.AccountSid}:{credentials.AuthToken}")));

        using var http = new System.Net.Http.HttpClient(handlers.CreateHandler(httpClientName), disposeHandler: false) { Timeout = _options.Timeout };
        var response = await new ProviderHttp(http, WhatsAppProvider.Twilio, time).SendAsync(request, cancellationToken);
        if (response.Error is { } error)
            return new MediaDownload(null, null, Logged(credentials, error));
        if (response.Body!.LongLength > _options.MaxMediaBytes)
        {
            return new MediaDownload(null, null, new SendError(WhatsAppProvider.Twilio, SendErrorCategory.Permanent, null,
                $"The attachment is larger than the {_options.MaxMediaBytes / (1024 * 1024)} MB the product accepts.", null));
        }
        return new MediaDownload(response.Body, response.ContentType, null);
    }

    /// <summary>One SDK call with the channel's credentials; a failure comes back classified, the caller's cancellation throws.</summary>
    private async Task<(T? Resource, SendError? Error)> CallAsync<T>(
        TwilioCredentials credentials, string call, Func<ITwilioRestClient, Task<T>> request, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        var routing = new TwilioBaseUrlHandler(_options.BaseUrl, cancellationToken) { InnerHandler = handlers.CreateHandler(httpClientName) };
        // Neither the routing handler nor the factory's handler beneath it belong to this client: the factory rotates its own.
        using var http = new System.Net.Http.HttpClient(routing, disposeHandler: false) { Timeout = _options.Timeout };
        var sdkHttp = new SystemNetHttpClient(http);
        try
        {
            return (await request(new TwilioRestClient(credentials.AccountSid, credentials.AuthToken, httpClient: sdkHttp)), null);
        }
        catch (ApiConnectionException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (TwilioException exception)
        {
            return (null, Logged(credentials, TwilioExceptionClassifier.Classify(exception, sdkHttp.LastResponse, time.GetUtcNow(), call)));
        }
    }

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
