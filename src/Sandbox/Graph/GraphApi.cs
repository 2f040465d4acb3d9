using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Faults;
using Sandbox.Conversations;
using Sandbox.Media;
using Sandbox.Templates;
using Sandbox.Webhooks;

namespace Sandbox.Graph;

/// <summary>
/// The WhatsApp Cloud API subset the product uses, under /graph: a channel's Meta base URL is
/// http://{sandbox}/graph, so requests look like /graph/v21.0/{phone-number-id}/messages.
/// </summary>
public static partial class GraphApi
{
    /// <summary>How long the typing indicator shows, unless a message arrives first (Cloud API: 25 s).</summary>
    static readonly TimeSpan TypingDuration = TimeSpan.FromSeconds(25);

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder app)
    {
        var graph = app.MapGroup("/graph");
        // The download URL handed out by the media lookup, shaped like Meta's lookaside URL.
        graph.MapGet("/whatsapp_business/attachments", DownloadMedia);
        graph.MapPost("/{version}/{phoneNumberId}/messages", SendMessage);
        graph.MapGet("/{version}/{objectId}", GetObject);
        graph.Map("/{**path}", UnknownPath);
        return app;
    }

    static async Task<IResult> SendMessage(
        HttpContext http, string version, string phoneNumberId,
        AccountStore accounts, ConversationStore conversations, StatusCallbackPlanner statuses,
        IOptions<SandboxOptions> options, CallLog log, FaultStore faults, TemplateStore templates)
    {
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);
        var exchange = new ProviderExchange(log, http.Request, Providers.Meta, "send", body) { BusinessNumber = phoneNumberId };
        if (!IsVersion(version))
        {
            return await FailAsync(exchange, GraphError.UnknownPath($"/{version}/{phoneNumberId}/messages"));
        }

        if (Authenticate(http.Request, exchange, accounts, phoneNumberId, "POST") is { } authError)
        {
            return await FailAsync(exchange, authError);
        }

        var number = accounts.FindMetaNumber(phoneNumberId)!;
        var request = GraphSendRequest.Parse(body);
        if (request.Error is { } error)
        {
            return await FailAsync(exchange, error);
        }

        if (request.Read is { } read)
        {
            return await MarkReadAsync(exchange, conversations, number, read);
        }

        var message = request.Message!;
        var conversation = ConversationKey.Create(Providers.Meta, phoneNumberId, message.To);
        exchange.CustomerNumber = conversation.Customer;
        // A malformed template send is refused before it could use up a queued fault; as Meta does,
        // a template the number's business account does not have in that language is refused too.
        var shown = message.Text;
        if (message.Template is { } call)
        {
            if (templates.FindMeta(number.BusinessAccountId, call.Name, call.Language) is not { } template)
            {
                return await FailAsync(exchange, GraphError.TemplateNotFound(call.Name, call.Language));
            }
            var expected = TemplateText.CountParameters(template.Body);
            if (call.BodyParameters.Count != expected)
            {
                return await FailAsync(exchange, GraphError.TemplateParameterCount(expected, call.BodyParameters.Count));
            }

            shown = TemplateText.Fill(template.Body, call.BodyParameters);
        }

        var fault = await faults.TakeNextAsync(Providers.Meta, phoneNumberId);
        if (fault is { Late: false })
        {
            return await FailAsync(exchange, GraphError.Injected(fault.Code));
        }
        var windowClosed = message.RequiresOpenWindow && !conversations.IsWindowOpen(conversation);
        if (windowClosed && options.Value.WindowClosed == WindowClosedBehavior.RejectRequest)
        {
            return await FailAsync(exchange, GraphError.WindowClosed());
        }
        // Accepted, then reported failed: the window closed, or a late error was asked for.
        var lateError = fault is { Late: true } ? GraphError.Injected(fault.Code) : windowClosed ? GraphError.WindowClosed() : null;

        var messageId = ProviderIds.WhatsAppMessageId();
        exchange.MessageId = messageId;
        // Durable before its statuses are played and before the product hears it was accepted.
        await conversations.AddBusinessMessageAsync(conversation, messageId, message.Kind, shown, message.Options, message.MediaLink, message.ReplyTo);
        var isTemplate = message.Kind == "template";
        statuses.Schedule(conversation, messageId, lateError is not null, (status, at) =>
            MetaWebhooks.Status(number, messageId, conversation.Customer, status, at, isTemplate, status == "failed" ? lateError : null));

        var sent = new JsonObject { ["id"] = messageId };
        if (isTemplate)
        {
            sent["message_status"] = "accepted";
        }

        var response = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = message.To, ["wa_id"] = conversation.Customer }),
            ["messages"] = new JsonArray(sent),
        };
        return await exchange.RespondAsync(StatusCodes.Status200OK, response.ToJsonString());
    }

    static async Task<IResult> MarkReadAsync(ProviderExchange exchange, ConversationStore conversations, MetaNumber number, GraphReadReceipt read)
    {
        exchange.Kind = read.Typing ? "typing_indicator" : "mark_read";
        exchange.MessageId = read.MessageId;
        if (await conversations.MarkCustomerMessageReadAsync(Providers.Meta, number.PhoneNumberId, read.MessageId) is not { } conversation)
        {
            return await FailAsync(exchange, GraphError.InvalidParameter($"Param message_id '{read.MessageId}' is not a message this number received."));
        }

        exchange.CustomerNumber = conversation.Customer;
        if (read.Typing)
        {
            conversations.ShowTyping(conversation, TypingDuration);
        }

        return await exchange.RespondAsync(StatusCodes.Status200OK, """{"success":true}""");
    }

    /// <summary>GET /{id}: a phone number (credential check) or a media object, as Graph resolves ids.</summary>
    static async Task<IResult> GetObject(HttpContext http, string version, string objectId, AccountStore accounts, MediaStore media, CallLog log)
    {
        var exchange = new ProviderExchange(log, http.Request, Providers.Meta, "phone_number_lookup", null);
        if (!IsVersion(version))
        {
            return await FailAsync(exchange, GraphError.UnknownPath($"/{version}/{objectId}"));
        }

        if (media.Find(objectId) is { } item)
        {
            exchange.Kind = "media_lookup";
            exchange.MessageId = item.Id;
            if (Authenticate(http.Request, exchange, accounts, item.Owner, "GET") is { } mediaAuthError)
            {
                return await FailAsync(exchange, mediaAuthError);
            }

            var download = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/graph/whatsapp_business/attachments/?mid={item.Id}";
            var mediaInfo = new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["url"] = download,
                ["mime_type"] = item.MimeType,
                ["sha256"] = Convert.ToHexStringLower(item.Sha256),
                ["file_size"] = item.Size,
                ["id"] = item.Id,
            };
            return await exchange.RespondAsync(StatusCodes.Status200OK, mediaInfo.ToJsonString());
        }

        exchange.BusinessNumber = objectId;
        if (Authenticate(http.Request, exchange, accounts, objectId, "GET") is { } authError)
        {
            return await FailAsync(exchange, authError);
        }

        var number = accounts.FindMetaNumber(objectId)!;
        var all = new JsonObject
        {
            ["verified_name"] = number.VerifiedName,
            ["code_verification_status"] = "VERIFIED",
            ["display_phone_number"] = number.DisplayPhoneNumber,
            ["quality_rating"] = "GREEN",
            ["platform_type"] = "CLOUD_API",
            ["throughput"] = new JsonObject { ["level"] = "STANDARD" },
            ["id"] = number.PhoneNumberId,
        };
        return await exchange.RespondAsync(StatusCodes.Status200OK, SelectFields(all, http.Request.Query["fields"]).ToJsonString());
    }

    static async Task<IResult> DownloadMedia(HttpContext http, string? mid, AccountStore accounts, MediaStore media, CallLog log)
    {
        var exchange = new ProviderExchange(log, http.Request, Providers.Meta, "media_download", null) { MessageId = mid };
        if (mid is null || media.Find(mid) is not { } item)
        {
            // Meta's lookaside host answers an unknown or expired link with a bare 404.
            return await exchange.RespondAsync(StatusCodes.Status404NotFound, "Not Found", "text/plain");
        }

        if (Authenticate(http.Request, exchange, accounts, item.Owner, "GET") is { } authError)
        {
            return await FailAsync(exchange, authError);
        }

        return await exchange.RespondFileAsync(media.PathOf(item), item.Size, item.MimeType);
    }

    static async Task<IResult> UnknownPath(HttpContext http, CallLog log)
    {
        var exchange = new ProviderExchange(log, http.Request, Providers.Meta, "unknown", null);
        return await FailAsync(exchange, GraphError.UnknownPath(http.Request.Path.Value ?? ""));
    }

    /// <summary>
    /// Bearer token (or access_token query parameter) must be the number's own: an unknown token
    /// is an invalid token (190); another number's token cannot see this object (100/33).
    /// </summary>
    static GraphError? Authenticate(HttpRequest request, ProviderExchange exchange, AccountStore accounts, string objectId, string method)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : request.Query["access_token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            exchange.Auth = "missing";
            return GraphError.MissingToken();
        }

        var number = accounts.FindMetaNumber(objectId);
        if (number is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(number.AccessToken)))
        {
            exchange.Auth = "ok";
            return null;
        }

        exchange.Auth = "invalid";
        return accounts.IsKnownMetaToken(token) ? GraphError.UnknownObject(objectId, method) : GraphError.InvalidToken();
    }

    static JsonObject SelectFields(JsonObject all, string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return all;
        }

        var wanted = fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append("id").ToHashSet();
        var selected = new JsonObject();
        foreach (var (name, value) in all)
        {
            if (wanted.Contains(name))
            {
                selected[name] = value?.DeepClone();
            }
        }

        return selected;
    }

    static Task<IResult> FailAsync(ProviderExchange exchange, GraphError error) => exchange.RespondAsync(error.HttpStatus, error.ToJson());

    static bool IsVersion(string version) => VersionPattern().IsMatch(version);

    [GeneratedRegex(@"^v\d{1,2}\.\d$")]
    private static partial Regex VersionPattern();
}
