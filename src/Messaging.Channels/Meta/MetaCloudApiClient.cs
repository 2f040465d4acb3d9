using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Messaging.Channels.Errors;
using Messaging.Channels.Inbound;
using Messaging.Channels.Json;
using Messaging.Channels.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Channels.Meta;

/// <summary>
/// The Cloud API calls the product makes: <c>POST /{version}/{phone-number-id}/messages</c> for
/// every kind of message, read receipts and typing, the phone-number lookup that proves a token
/// works, and inbound media download. Credentials come with each call: one client serves every tenant.
/// </summary>
public sealed partial class MetaCloudApiClient(
    HttpClient http,
    IOptions<MetaCloudApiOptions> options,
    TimeProvider time,
    ILogger<MetaCloudApiClient> logger)
{
    private readonly ProviderHttp _http = new(http, WhatsAppProvider.Meta, time);
    private readonly MetaCloudApiOptions _options = options.Value;

    /// <param name="replyToMessageId">Quotes this inbound message (<c>context.message_id</c>).</param>
    public Task<SendResult> SendTextAsync(
        MetaCredentials credentials, string to, string body, bool previewUrl = false,
        string? replyToMessageId = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(credentials, to, "text", new JsonObject { ["preview_url"] = previewUrl, ["body"] = body }, replyToMessageId, cancellationToken);

    public Task<SendResult> SendTemplateAsync(
        MetaCredentials credentials, string to, MetaTemplate template, CancellationToken cancellationToken = default)
    {
        var content = new JsonObject
        {
            ["name"] = template.Name,
            ["language"] = new JsonObject { ["code"] = template.LanguageCode },
        };
        if (template.BodyParameters.Count > 0)
        {
            content["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray([.. template.BodyParameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
            });
        }
        return SendMessageAsync(credentials, to, "template", content, null, cancellationToken);
    }

    public Task<SendResult> SendButtonsAsync(
        MetaCredentials credentials, string to, MetaButtonsMessage message,
        string? replyToMessageId = null, CancellationToken cancellationToken = default)
    {
        var action = new JsonObject
        {
            ["buttons"] = new JsonArray([.. message.Buttons.Select(b => (JsonNode)new JsonObject
            {
                ["type"] = "reply",
                ["reply"] = new JsonObject { ["id"] = b.Id, ["title"] = b.Title },
            })]),
        };
        return SendMessageAsync(credentials, to, "interactive", Interactive("button", message.Body, message.Header, message.Footer, action), replyToMessageId, cancellationToken);
    }

    public Task<SendResult> SendListAsync(
        MetaCredentials credentials, string to, MetaListMessage message,
        string? replyToMessageId = null, CancellationToken cancellationToken = default)
    {
        var action = new JsonObject
        {
            ["button"] = message.ButtonLabel,
            ["sections"] = new JsonArray([.. message.Sections.Select(section =>
            {
                var node = new JsonObject();
                if (section.Title is not null)
                    node["title"] = section.Title;
                node["rows"] = new JsonArray([.. section.Rows.Select(row =>
                {
                    var rowNode = new JsonObject { ["id"] = row.Id, ["title"] = row.Title };
                    if (row.Description is not null)
                        rowNode["description"] = row.Description;
                    return (JsonNode)rowNode;
                })]);
                return (JsonNode)node;
            })]),
        };
        return SendMessageAsync(credentials, to, "interactive", Interactive("list", message.Body, message.Header, message.Footer, action), replyToMessageId, cancellationToken);
    }

    public Task<SendResult> SendMediaAsync(
        MetaCredentials credentials, string to, MetaMediaMessage media,
        string? replyToMessageId = null, CancellationToken cancellationToken = default)
    {
        var content = new JsonObject { ["link"] = media.Link.AbsoluteUri };
        if (media.Caption is not null && media.Kind is MetaMediaKind.Image or MetaMediaKind.Video or MetaMediaKind.Document)
            content["caption"] = media.Caption;
        if (media.FileName is not null && media.Kind == MetaMediaKind.Document)
            content["filename"] = media.FileName;
        return SendMessageAsync(credentials, to, media.Kind.ToString().ToLowerInvariant(), content, replyToMessageId, cancellationToken);
    }

    /// <summary>Reacts to <paramref name="messageId"/>; an empty emoji removes the reaction.</summary>
    public Task<SendResult> SendReactionAsync(
        MetaCredentials credentials, string to, string messageId, string emoji, CancellationToken cancellationToken = default) =>
        SendMessageAsync(credentials, to, "reaction", new JsonObject { ["message_id"] = messageId, ["emoji"] = emoji }, null, cancellationToken);

    /// <summary>Marks an inbound message read (blue ticks), optionally showing "typing…" for up to 25 seconds.</summary>
    public async Task<SendResult> MarkAsReadAsync(
        MetaCredentials credentials, string messageId, bool showTyping = false, CancellationToken cancellationToken = default)
    {
        var payload = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["status"] = "read",
            ["message_id"] = messageId,
        };
        if (showTyping)
            payload["typing_indicator"] = new JsonObject { ["type"] = "text" };

        var response = await PostMessagesAsync(credentials, payload, cancellationToken);
        return response.Error is { } error ? Failed(credentials, error) : SendResult.Sent(messageId);
    }

    /// <summary>Looks up the channel's phone number: proves the token and phone number id work together.</summary>
    public async Task<CredentialCheck> VerifyAsync(MetaCredentials credentials, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"{Escape(credentials.PhoneNumberId)}?fields=display_phone_number,verified_name,quality_rating", credentials);
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.Error is { } error)
            return new CredentialCheck(null, null, Logged(credentials, error));

        var root = JsonElementReading.ParseObject(response.Body);
        return root is { } number
            ? new CredentialCheck(number.String("verified_name"), number.String("display_phone_number"), null)
            : new CredentialCheck(null, null, Unexpected("the phone number lookup"));
    }

    /// <summary>Resolves an inbound media id to its URL, then downloads it with the channel's token.</summary>
    public async Task<MediaDownload> DownloadMediaAsync(MetaCredentials credentials, string mediaId, CancellationToken cancellationToken = default)
    {
        using var lookup = Request(HttpMethod.Get, Escape(mediaId), credentials);
        var metadata = await _http.SendAsync(lookup, cancellationToken);
        if (metadata.Error is { } lookupError)
            return new MediaDownload(null, null, Logged(credentials, lookupError));

        var media = JsonElementReading.ParseObject(metadata.Body);
        if (media?.String("url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var mediaUrl))
            return new MediaDownload(null, null, Unexpected("the media lookup"));
        if (media.Value.Int64("file_size") > _options.MaxMediaBytes)
            return new MediaDownload(null, null, TooLarge());

        using var download = new HttpRequestMessage(HttpMethod.Get, mediaUrl);
        download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var content = await _http.SendAsync(download, cancellationToken);
        if (content.Error is { } downloadError)
            return new MediaDownload(null, null, Logged(credentials, downloadError));
        if (content.Body!.LongLength > _options.MaxMediaBytes)
            return new MediaDownload(null, null, TooLarge());

        return new MediaDownload(content.Body, media.Value.String("mime_type") ?? content.ContentType, null);
    }

    private async Task<SendResult> SendMessageAsync(
        MetaCredentials credentials, string to, string type, JsonObject content, string? replyToMessageId, CancellationToken cancellationToken)
    {
        if (CustomerAddress.Key(to).Length == 0)
            return SendResult.Failed(NoRecipient());
        var payload = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["type"] = type,
            [type] = content,
        };
        // A user who shares only a username is addressed by business-scoped user id, in 'recipient' instead of 'to'.
        if (CustomerAddress.IsBusinessScopedUserId(to))
            payload["recipient"] = to.Trim();
        else
            payload["to"] = PhoneNumbers.ToMetaRecipient(to);
        if (replyToMessageId is not null)
            payload["context"] = new JsonObject { ["message_id"] = replyToMessageId };

        var response = await PostMessagesAsync(credentials, payload, cancellationToken);
        if (response.Error is { } error)
            return Failed(credentials, error);

        var id = JsonElementReading.ParseObject(response.Body).Array("messages").Select(m => m.String("id")).FirstOrDefault();
        return id is null ? SendResult.Failed(Unexpected("a send")) : SendResult.Sent(id);
    }

    private Task<ProviderResponse> PostMessagesAsync(MetaCredentials credentials, JsonObject payload, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, $"{Escape(credentials.PhoneNumberId)}/messages", credentials);
        request.Content = JsonContent.Create(payload);
        return SendAndDisposeAsync(request, cancellationToken);
    }

    private async Task<ProviderResponse> SendAndDisposeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
            return await _http.SendAsync(request, cancellationToken);
    }

    private static JsonObject Interactive(string type, string body, string? header, string? footer, JsonObject action)
    {
        var interactive = new JsonObject { ["type"] = type };
        if (header is not null)
            interactive["header"] = new JsonObject { ["type"] = "text", ["text"] = header };
        interactive["body"] = new JsonObject { ["text"] = body };
        if (footer is not null)
            interactive["footer"] = new JsonObject { ["text"] = footer };
        interactive["action"] = action;
        return interactive;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, MetaCredentials credentials)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrls.WithTrailingSlash(_options.BaseUrl), $"{_options.ApiVersion}/{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        return request;
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private SendResult Failed(MetaCredentials credentials, SendError error) => SendResult.Failed(Logged(credentials, error));

    private SendError Logged(MetaCredentials credentials, SendError error)
    {
        LogProviderError(logger, credentials.PhoneNumberId, error.Category, error.Code, error.HttpStatus, error.ProviderMessage);
        return error;
    }

    private static SendError Unexpected(string call) => new(
        WhatsAppProvider.Meta, SendErrorCategory.Permanent, null,
        $"WhatsApp answered {call} in a way the product does not understand.", null);

    private static SendError NoRecipient() => new(
        WhatsAppProvider.Meta, SendErrorCategory.Recipient, null,
        "The message has no recipient: a reply needs the customer's phone number or business-scoped user id.", null);

    private SendError TooLarge() => new(
        WhatsAppProvider.Meta, SendErrorCategory.Permanent, null,
        $"The attachment is larger than the {_options.MaxMediaBytes / (1024 * 1024)} MB the product accepts.", null);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "WhatsApp Cloud API call for phone number {PhoneNumberId} failed: {Category} (code {Code}, HTTP {HttpStatus}): {ProviderMessage}")]
    private static partial void LogProviderError(ILogger logger, string phoneNumberId, SendErrorCategory category, int? code, int? httpStatus, string? providerMessage);
}
