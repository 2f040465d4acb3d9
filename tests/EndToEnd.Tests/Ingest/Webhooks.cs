using System.Globalization;
using System.Text.Json;
using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;

namespace EndToEnd.Tests.Ingest;

/// <summary>Provider webhooks shaped as Meta and Twilio document them, signed as they sign them.</summary>
public static class Webhooks
{
    public static object MetaText(string messageId, string from, string name, string body, long timestamp = 1_763_700_000) => new
    {
        from,
        id = messageId,
        timestamp = timestamp.ToString(CultureInfo.InvariantCulture),
        type = "text",
        text = new { body },
    };

    public static object MetaLocation(string messageId, string from) => new
    {
        from,
        id = messageId,
        timestamp = "1763700001",
        type = "location",
        location = new { latitude = 52.37, longitude = 4.89, name = "Dam", address = "Dam 1, Amsterdam" },
    };

    public static object MetaStatus(string messageId, string recipient, string status) => new
    {
        id = messageId,
        status,
        timestamp = "1763700002",
        recipient_id = recipient,
    };

    /// <summary>One delivery: an entry per change list, each change for one business number.</summary>
    public static byte[] MetaDelivery(params (string PhoneNumberId, string DisplayNumber, string CustomerName, object[] Messages, object[] Statuses)[] changes)
    {
        var payload = new
        {
            @object = "whatsapp_business_account",
            entry = changes.Select((c, i) => new
            {
                id = "WABA" + i,
                changes = new[]
                {
                    new
                    {
                        field = "messages",
                        value = new
                        {
                            messaging_product = "whatsapp",
                            metadata = new { display_phone_number = c.DisplayNumber.TrimStart('+'), phone_number_id = c.PhoneNumberId },
                            contacts = new[] { new { profile = new { name = c.CustomerName }, wa_id = "31612345678" } },
                            messages = c.Messages,
                            statuses = c.Statuses,
                        },
                    },
                },
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(payload);
    }

    public static HttpRequestMessage SignedMeta(byte[] body, string appSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(MetaSignature.HeaderName, MetaSignature.Compute(appSecret, body));
        return request;
    }

    public static HttpRequestMessage SignedTwilio(string publicBaseUrl, string path, string authToken, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(authToken, publicBaseUrl + path, fields));
        return request;
    }
}
