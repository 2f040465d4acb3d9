using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Conversations;
using Sandbox.Faults;
using Sandbox.Media;
using Sandbox.Templates;
using Sandbox.Webhooks;

namespace Sandbox.Twilio;

/// <summary>
/// The Twilio REST API subset the product uses, under /twilio: a channel's Twilio base URL is
/// http://{sandbox}/twilio, so requests look like /twilio/2010-04-01/Accounts/{AccountSid}/Messages.json.
/// </summary>
public static class TwilioApi
{
    public static IEndpointRouteBuilder MapTwilioApi(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup("/twilio");
        var accounts = twilio.MapGroup($"/{TwilioWebhooks.ApiVersion}/Accounts");
        accounts.MapPost("/{accountSid}/Messages.json", SendMessage);
        accounts.MapGet("/{accountSid}.json", FetchAccount);
        accounts.MapGet("/{accountSid}/Messages/{messageSid}/Media/{mediaSid}", DownloadMedia);
        twilio.Map("/{**path}", NotFound);
        return app;
    }

    static async Task<IResult> SendMessage(
        HttpContext http, string accountSid,
        AccountStore accounts, ConversationStore conversations, StatusCallbackPlanner statuses,
        IOptions<SandboxOptions> options, TimeProvider time, CallLog log, TemplateStore templates, FaultStore faults)
    {
        var raw = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);
        var exchange = new ProviderExchange(log, http.Request, Providers.Twilio, "send", raw);
        if (Authenticate(http.Request, exchange, accounts, accountSid) is not { } account)
        {
            return await FailAsync(exchange, TwilioError.Authenticate());
        }

        var (message, error) = TwilioSendRequest.Parse(new FormCollection(QueryHelpers.ParseQuery(raw)));
        if (error is not null)
        {
            return await FailAsync(exchange, error);
        }

        exchange.BusinessNumber = message!.From;
        if (!account.WhatsAppNumbers.Contains(message.From))
        {
            return await FailAsync(exchange, TwilioError.UnknownSender());
        }

        var conversation = ConversationKey.Create(Providers.Twilio, message.From, message.To);
        exchange.CustomerNumber = conversation.Customer;
        var fault = await faults.TakeNextAsync(Providers.Twilio, account.AccountSid);
        if (fault is { Late: false })
        {
            return await FailAsync(exchange, TwilioError.Injected(fault.Code));
        }
        var windowClosed = !message.IsTemplate && !conversations.IsWindowOpen(conversation);
        if (windowClosed && options.Value.WindowClosed == WindowClosedBehavior.RejectRequest)
        {
            return await FailAsync(exchange, TwilioError.WindowClosed());
        }
        // Accepted, then reported failed: the window closed, or a late error was asked for.
        int? lateCode = fault is { Late: true } ? fault.Code : windowClosed ? TwilioError.WindowClosedCode : null;

        var sid = ProviderIds.TwilioSid(message.MediaUrls.Count > 0 ? "MM" : "SM");
        exchange.MessageId = sid;
        var shown = message.IsTemplate
            ? templates.FindTwilio(message.ContentSid!) is { } content && content.AccountSid.Equals(account.AccountSid, StringComparison.OrdinalIgnoreCase)
                ? TemplateText.Fill(content.Body, Variables(message.ContentVariables))
                : $"[template {message.ContentSid}] {message.ContentVariables}".TrimEnd()
            : message.Body;
        // Durable before its statuses are played and before the product hears it was accepted.
        await conversations.AddBusinessMessageAsync(conversation, sid, message.IsTemplate ? "template" : message.MediaUrls.Count > 0 ? "media" : "text",
            shown, [], message.MediaUrls.Count > 0 ? message.MediaUrls[0] : null, null);
        var callbackUrl = message.StatusCallback ?? account.WebhookUrl;
        statuses.Schedule(conversation, sid, lateCode is not null, (status, _) =>
            TwilioWebhooks.Status(account, callbackUrl, sid, message.From, message.To, status, status == "failed" ? lateCode : null));

        var now = Rfc2822(time.GetUtcNow());
        var resource = $"/{TwilioWebhooks.ApiVersion}/Accounts/{account.AccountSid}/Messages/{sid}";
        var response = new JsonObject
        {
            ["account_sid"] = account.AccountSid,
            ["api_version"] = TwilioWebhooks.ApiVersion,
            ["body"] = message.Body,
            ["date_created"] = now,
            ["date_sent"] = null,
            ["date_updated"] = now,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = "whatsapp:" + message.From,
            ["messaging_service_sid"] = null,
            ["num_media"] = message.MediaUrls.Count.ToString(CultureInfo.InvariantCulture),
            ["num_segments"] = "1",
            ["price"] = null,
            ["price_unit"] = null,
            ["sid"] = sid,
            ["status"] = "queued",
            ["subresource_uris"] = new JsonObject { ["media"] = resource + "/Media.json" },
            ["to"] = "whatsapp:" + message.To,
            ["uri"] = resource + ".json",
        };
        return await exchange.RespondAsync(StatusCodes.Status201Created, response.ToJsonString());
    }

    /// <summary>GET /Accounts/{Sid}.json: the product's credential check.</summary>
    static async Task<IResult> FetchAccount(HttpContext http, string accountSid, AccountStore accounts, CallLog log)
    {
        var exchange = new ProviderExchange(log, http.Request, Providers.Twilio, "account_fetch", null) { BusinessNumber = accountSid };
        if (Authenticate(http.Request, exchange, accounts, accountSid) is not { } account)
        {
            return await FailAsync(exchange, TwilioError.Authenticate());
        }

        var created = Rfc2822(account.CreatedAt);
        var uri = $"/{TwilioWebhooks.ApiVersion}/Accounts/{account.AccountSid}";
        var response = new JsonObject
        {
            ["auth_token"] = account.AuthToken,
            ["date_created"] = created,
            ["date_updated"] = created,
            ["friendly_name"] = account.FriendlyName,
            ["owner_account_sid"] = account.AccountSid,
            ["sid"] = account.AccountSid,
            ["status"] = "active",
            ["subresource_uris"] = new JsonObject { ["messages"] = uri + "/Messages.json" },
            ["type"] = "Full",
            ["uri"] = uri + ".json",
        };
        return await exchange.RespondAsync(StatusCodes.Status200OK, response.ToJsonString());
    }

    /// <summary>The MediaUrlN of an inbound webhook; Twilio protects media with the account's Basic auth.</summary>
    static async Task<IResult> DownloadMedia(HttpContext http, string accountSid, string messageSid, string mediaSid, AccountStore accounts, MediaStore media, CallLog log)
    {
        var exchange = new ProviderExchange(log, http.Request, Providers.Twilio, "media_download", null) { MessageId = messageSid };
        if (Authenticate(http.Request, exchange, accounts, accountSid) is null)
        {
            return await FailAsync(exchange, TwilioError.Authenticate());
        }

        return media.Find(mediaSid) is { } item && item.Owner.Equals(accountSid, StringComparison.OrdinalIgnoreCase)
            ? await exchange.RespondFileAsync(media.PathOf(item), item.Size, item.MimeType)
            : await FailAsync(exchange, TwilioError.NotFound(http.Request.Path.Value ?? ""));
    }

    static async Task<IResult> NotFound(HttpContext http, CallLog log)
    {
        var exchange = new ProviderExchange(log, http.Request, Providers.Twilio, "unknown", null);
        var path = http.Request.Path.Value ?? "";
        return await FailAsync(exchange, TwilioError.NotFound(path.StartsWith("/twilio", StringComparison.Ordinal) ? path["/twilio".Length..] : path));
    }

    /// <summary>HTTP Basic with the account SID and its auth token; the SID must be the one in the path.</summary>
    static TwilioAccount? Authenticate(HttpRequest request, ProviderExchange exchange, AccountStore accounts, string accountSid)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            exchange.Auth = "missing";
            return null;
        }

        exchange.Auth = "invalid";
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }

        var (username, password) = (decoded[..separator], decoded[(separator + 1)..]);
        var account = accounts.FindTwilioAccount(accountSid);
        if (account is null
            || !username.Equals(account.AccountSid, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(account.AuthToken)))
        {
            return null;
        }

        exchange.Auth = "ok";
        return account;
    }

    static Task<IResult> FailAsync(ProviderExchange exchange, TwilioError error)
    {
        if (error.HttpStatus == StatusCodes.Status401Unauthorized)
        {
            // Twilio's challenge; HTTP clients rely on it to retry with credentials.
            exchange.Challenge = "Basic realm=\"Twilio API\"";
        }

        return exchange.RespondAsync(error.HttpStatus, error.ToJson());
    }

    /// <summary>ContentVariables, already checked to be a JSON object: {"1":"Ana"}.</summary>
    static Dictionary<string, string> Variables(string? json) =>
        json is null
            ? []
            : JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => p.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : p.Value?.ToJsonString() ?? "");

    static string Rfc2822(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
