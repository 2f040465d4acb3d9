using System.Text;
using Messaging.Channels.Inbound;
using Messaging.Channels.Twilio;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Webhooks;

namespace Sandbox.Twilio;

/// <summary>Twilio's form-encoded webhooks, signed with the auth token over the exact URL posted to.</summary>
public static class TwilioWebhooks
{
    public const string ApiVersion = "2010-04-01";

    /// <param name="from">The business sender, E.164.</param>
    /// <param name="to">The customer, E.164.</param>
    public static WebhookRequest Status(TwilioAccount account, Uri callbackUrl, string messageSid, string from, string to, string status, int? errorCode)
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("AccountSid", account.AccountSid),
            new("ApiVersion", ApiVersion),
            new("ChannelPrefix", "whatsapp"),
            new("ChannelToAddress", to),
            new("From", "whatsapp:" + from),
            new("MessageSid", messageSid),
            new("MessageStatus", status),
            new("SmsSid", messageSid),
            new("SmsStatus", status),
            new("To", "whatsapp:" + to),
        ];
        if (errorCode is { } code)
        {
            fields.Add(new("ErrorCode", code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return Sign(account, "status_callback", callbackUrl, fields, from, to, messageSid);
    }

    /// <summary>A message the customer sent; <paramref name="content"/> holds Body, media, location or button fields.</summary>
    public static WebhookRequest InboundMessage(
        TwilioAccount account, string business, string customer, string customerName, string messageSid,
        IEnumerable<KeyValuePair<string, string>> content)
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("AccountSid", account.AccountSid),
            new("ApiVersion", ApiVersion),
            new("From", "whatsapp:" + customer),
            new("MessageSid", messageSid),
            new("NumSegments", "1"),
            new("ProfileName", customerName),
            new("ReferralNumMedia", "0"),
            new("SmsMessageSid", messageSid),
            new("SmsSid", messageSid),
            new("SmsStatus", "received"),
            new("To", "whatsapp:" + business),
            new("WaId", PhoneNumbers.Digits(customer)),
        ];
        fields.AddRange(content);
        return Sign(account, "inbound_webhook", account.WebhookUrl, fields, business, customer, messageSid);
    }

    static WebhookRequest Sign(TwilioAccount account, string kind, Uri url, List<KeyValuePair<string, string>> fields, string business, string customer, string messageSid)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));
        return new WebhookRequest(
            Providers.Twilio, kind, url, body, "application/x-www-form-urlencoded",
            TwilioSignature.HeaderName, TwilioSignature.Compute(account.AuthToken, url.AbsoluteUri, fields),
            business, PhoneNumbers.Digits(customer), messageSid);
    }
}
