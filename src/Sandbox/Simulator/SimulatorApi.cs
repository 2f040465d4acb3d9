using System.Globalization;
using System.Text.Json.Nodes;
using Messaging.Channels.Inbound;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Conversations;
using Sandbox.Graph;
using Sandbox.Media;
using Sandbox.Twilio;
using Sandbox.Webhooks;

namespace Sandbox.Simulator;

/// <summary>
/// Plays the customer: builds the webhook the provider would send for a customer's message,
/// signs it with the channel's secret, posts it to the channel's webhook URL and says what came back.
/// </summary>
public static partial class SimulatorApi
{
    public static RouteGroupBuilder MapSimulatorApi(this RouteGroupBuilder api)
    {
        var simulate = api.MapGroup("/simulate");
        simulate.MapPost("/meta", SimulateMeta);
        simulate.MapPost("/twilio", SimulateTwilio);
        return api;
    }

    static async Task<IResult> SimulateMeta(
        SimulatedMessage message, AccountStore accounts, ConversationStore conversations, MediaStore mediaStore,
        WebhookSender sender, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (accounts.FindMetaNumber(message.Business) is not { } number)
        {
            return Refuse(loggers, Providers.Meta, message, $"No Meta phone number id '{message.Business}' is registered.", StatusCodes.Status404NotFound);
        }

        if (Problem(message, mediaStore, number.PhoneNumberId, out var media) is { } error)
        {
            return Refuse(loggers, Providers.Meta, message, error, StatusCodes.Status400BadRequest);
        }

        var messageId = ProviderIds.WhatsAppMessageId();
        var payload = MetaMessage(message, number, media, out var shown, out var mediaRef);
        var conversation = ConversationKey.Create(Providers.Meta, number.PhoneNumberId, message.Customer);
        await conversations.AddCustomerMessageAsync(conversation, messageId, payload["type"]!.GetValue<string>(), shown, mediaRef, message.ReplyTo);
        var webhook = MetaWebhooks.InboundMessage(number, message.Customer, message.CustomerName ?? "Customer", messageId, time.GetUtcNow(), payload);
        return await PostAsync(sender, webhook, messageId, cancellationToken);
    }

    static async Task<IResult> SimulateTwilio(
        SimulatedMessage message, HttpRequest request, AccountStore accounts, ConversationStore conversations, MediaStore mediaStore,
        WebhookSender sender, IOptions<SandboxOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsPlausible(message.Business) || accounts.FindTwilioAccountByNumber(message.Business) is not { } account)
        {
            return Refuse(loggers, Providers.Twilio, message, $"No Twilio account has the WhatsApp sender '{message.Business}'.", StatusCodes.Status404NotFound);
        }

        if (Problem(message, mediaStore, account.AccountSid, out var media) is { } error)
        {
            return Refuse(loggers, Providers.Twilio, message, error, StatusCodes.Status400BadRequest);
        }

        var business = PhoneNumbers.ToE164(message.Business);
        var customer = PhoneNumbers.ToE164(message.Customer);
        var messageSid = ProviderIds.TwilioSid(message.Media is null ? "SM" : "MM");
        var selfBaseUrl = options.Value.SelfBaseUrl ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}");
        var fields = TwilioFields(message, account, business, messageSid, media, selfBaseUrl, out var shown, out var kind, out var mediaRef);
        var conversation = ConversationKey.Create(Providers.Twilio, business, customer);
        await conversations.AddCustomerMessageAsync(conversation, messageSid, kind, shown, mediaRef, message.ReplyTo);
        var webhook = TwilioWebhooks.InboundMessage(account, business, customer, message.CustomerName ?? "Customer", messageSid, fields);
        return await PostAsync(sender, webhook, messageSid, cancellationToken);
    }

    /// <summary>Why the message cannot be sent as given, with the uploaded file it names when it is fine.</summary>
    static string? Problem(SimulatedMessage message, MediaStore mediaStore, string owner, out MediaItem? media)
    {
        media = null;
        if (SimulatedMessageValidation.Validate(message) is { } error)
        {
            return error;
        }

        if (message.Media is { } requested)
        {
            media = mediaStore.Find(requested.Id);
            if (media is null || !media.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase))
            {
                media = null;
                return $"No file '{requested.Id}' was uploaded for this channel: upload it first (POST /sandbox/api/media/{{provider}}/{{business}}).";
            }
        }

        return null;
    }

    static ProblemHttpResult Refuse(ILoggerFactory loggers, string provider, SimulatedMessage message, string reason, int status)
    {
        LogRefused(loggers.CreateLogger(typeof(SimulatorApi)), provider, message.Business, reason);
        return TypedResults.Problem(reason, statusCode: status);
    }

    static async Task<IResult> PostAsync(WebhookSender sender, WebhookRequest webhook, string messageId, CancellationToken cancellationToken)
    {
        var response = await sender.SendAsync(webhook, cancellationToken);
        return TypedResults.Ok(new SimulationResult(messageId, webhook.Url, response.Status, response.Body, response.Error));
    }

    static JsonObject MetaMessage(SimulatedMessage message, MetaNumber number, MediaItem? item, out string shown, out string? mediaRef)
    {
        mediaRef = null;
        shown = message.Text ?? "";
        JsonObject payload;
        if (item is not null)
        {
            var media = item;
            mediaRef = $"media:{item.Id}";
            var mediaObject = new JsonObject
            {
                ["mime_type"] = media.MimeType,
                ["sha256"] = Convert.ToBase64String(item.Sha256),
                ["id"] = item.Id,
            };
            if (!string.IsNullOrEmpty(message.Text) && media.Kind is "image" or "video" or "document")
            {
                mediaObject["caption"] = message.Text;
            }

            if (media.Kind == "document" && media.FileName is not null)
            {
                mediaObject["filename"] = media.FileName;
            }

            if (media.Kind == "audio")
            {
                mediaObject["voice"] = false;
            }

            if (media.Kind == "sticker")
            {
                mediaObject["animated"] = false;
            }

            payload = new JsonObject { ["type"] = media.Kind, [media.Kind] = mediaObject };
        }
        else if (message.Location is { } location)
        {
            var locationObject = new JsonObject { ["latitude"] = location.Latitude, ["longitude"] = location.Longitude };
            if (location.Name is not null)
            {
                locationObject["name"] = location.Name;
            }

            if (location.Address is not null)
            {
                locationObject["address"] = location.Address;
            }

            payload = new JsonObject { ["type"] = "location", ["location"] = locationObject };
            shown = Describe(location);
        }
        else if (message.Button is { Type: "quick_reply" } quickReply)
        {
            payload = new JsonObject { ["type"] = "button", ["button"] = new JsonObject { ["payload"] = quickReply.Id, ["text"] = quickReply.Title } };
            shown = quickReply.Title;
        }
        else if (message.Button is { } button)
        {
            payload = new JsonObject
            {
                ["type"] = "interactive",
                ["interactive"] = new JsonObject
                {
                    ["type"] = button.Type,
                    [button.Type] = new JsonObject { ["id"] = button.Id, ["title"] = button.Title },
                },
            };
            shown = button.Title;
        }
        else
        {
            payload = new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = message.Text } };
        }

        if (message.ReplyTo is not null)
        {
            payload["context"] = new JsonObject { ["from"] = PhoneNumbers.Digits(number.DisplayPhoneNumber), ["id"] = message.ReplyTo };
        }

        return payload;
    }

    static List<KeyValuePair<string, string>> TwilioFields(
        SimulatedMessage message, TwilioAccount account, string business, string messageSid, MediaItem? item,
        Uri selfBaseUrl, out string shown, out string kind, out string? mediaRef)
    {
        mediaRef = null;
        shown = message.Text ?? "";
        kind = "text";
        var fields = new List<KeyValuePair<string, string>>();
        if (item is { } media)
        {
            var url = Urls.Combine(selfBaseUrl, $"twilio/{TwilioWebhooks.ApiVersion}/Accounts/{account.AccountSid}/Messages/{messageSid}/Media/{item.Id}").AbsoluteUri;
            mediaRef = url;
            kind = media.Kind;
            fields.Add(new("MediaContentType0", media.MimeType));
            fields.Add(new("MediaUrl0", url));
        }
        else if (message.Location is { } location)
        {
            kind = "location";
            shown = Describe(location);
            fields.Add(new("Latitude", location.Latitude.ToString(CultureInfo.InvariantCulture)));
            fields.Add(new("Longitude", location.Longitude.ToString(CultureInfo.InvariantCulture)));
            if (location.Address is not null)
            {
                fields.Add(new("Address", location.Address));
            }

            if (location.Name is not null)
            {
                fields.Add(new("Label", location.Name));
            }
        }
        else if (message.Button is { Type: "list_reply" } listReply)
        {
            kind = "interactive";
            shown = listReply.Title;
            fields.Add(new("ListId", listReply.Id));
            fields.Add(new("ListTitle", listReply.Title));
        }
        else if (message.Button is { } button)
        {
            kind = "button";
            shown = button.Title;
            fields.Add(new("ButtonPayload", button.Id));
            fields.Add(new("ButtonText", button.Title));
        }

        fields.Add(new("Body", message.Media is not null || message.Location is not null ? message.Text ?? "" : shown));
        fields.Add(new("MessageType", kind));
        fields.Add(new("NumMedia", message.Media is null ? "0" : "1"));
        if (message.ReplyTo is not null)
        {
            fields.Add(new("OriginalRepliedMessageSender", "whatsapp:" + business));
            fields.Add(new("OriginalRepliedMessageSid", message.ReplyTo));
        }

        return fields;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to simulate a {Provider} message to {Business}: {Reason}")]
    static partial void LogRefused(ILogger logger, string provider, string business, string reason);

    static string Describe(SimulatedLocation location) =>
        string.Join(" ", new[] { location.Name, location.Address, $"({location.Latitude.ToString(CultureInfo.InvariantCulture)}, {location.Longitude.ToString(CultureInfo.InvariantCulture)})" }
            .Where(p => !string.IsNullOrEmpty(p)));
}
