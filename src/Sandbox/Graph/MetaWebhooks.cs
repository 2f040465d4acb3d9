using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Messaging.Channels.Inbound;
using Messaging.Channels.Meta;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Webhooks;

namespace Sandbox.Graph;

/// <summary>Cloud API webhook deliveries (object / entry / changes / value), signed with the app secret.</summary>
public static class MetaWebhooks
{
    /// <summary>A status of a message the business sent; <paramref name="error"/> only for "failed".</summary>
    public static WebhookRequest Status(MetaNumber number, string messageId, string recipient, string status, DateTimeOffset at, bool isTemplate, GraphError? error)
    {
        var statusObject = new JsonObject
        {
            ["id"] = messageId,
            ["status"] = status,
            ["timestamp"] = Timestamp(at),
            ["recipient_id"] = PhoneNumbers.Digits(recipient),
        };
        if (status != "failed")
        {
            statusObject["pricing"] = new JsonObject
            {
                ["billable"] = isTemplate,
                ["pricing_model"] = "PMP",
                ["category"] = isTemplate ? "utility" : "service",
                ["type"] = isTemplate ? "regular" : "free_customer_service",
            };
        }

        if (error is not null)
        {
            statusObject["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = error.Code,
                ["title"] = error.Message.Replace($"(#{error.Code}) ", "", StringComparison.Ordinal),
                ["message"] = error.Message.Replace($"(#{error.Code}) ", "", StringComparison.Ordinal),
                ["error_data"] = new JsonObject { ["details"] = error.Details },
                ["href"] = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            });
        }

        var value = Value(number);
        value["statuses"] = new JsonArray(statusObject);
        return Sign(number, "status_callback", value, PhoneNumbers.Digits(recipient), messageId);
    }

    /// <summary>A message the customer sent; <paramref name="message"/> holds the type-specific fields.</summary>
    public static WebhookRequest InboundMessage(MetaNumber number, string customer, string customerName, string messageId, DateTimeOffset at, JsonObject message)
    {
        var digits = PhoneNumbers.Digits(customer);
        message["from"] = digits;
        message["id"] = messageId;
        message["timestamp"] = Timestamp(at);
        var value = Value(number);
        value["contacts"] = new JsonArray(new JsonObject
        {
            ["profile"] = new JsonObject { ["name"] = customerName },
            ["wa_id"] = digits,
        });
        value["messages"] = new JsonArray(message);
        return Sign(number, "inbound_webhook", value, digits, messageId);
    }

    static JsonObject Value(MetaNumber number) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = new JsonObject
        {
            ["display_phone_number"] = PhoneNumbers.Digits(number.DisplayPhoneNumber),
            ["phone_number_id"] = number.PhoneNumberId,
        },
    };

    static WebhookRequest Sign(MetaNumber number, string kind, JsonObject value, string customer, string messageId)
    {
        var payload = new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = number.BusinessAccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return new WebhookRequest(
            Providers.Meta, kind, number.WebhookUrl, body, "application/json",
            MetaSignature.HeaderName, MetaSignature.Compute(number.AppSecret, body),
            number.PhoneNumberId, customer, messageId);
    }

    static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
