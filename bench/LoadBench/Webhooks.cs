using System.Globalization;
using System.Text;
using System.Text.Json;
using Messaging.AppHost.Demo;
using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;

namespace LoadBench;

/// <summary>
/// Signed provider webhooks of the demo's café, alternately Meta and Twilio, each from a new
/// customer (a number no earlier message of the run used) asking something the canned hours rule
/// answers, or what <paramref name="question"/> says for that message.
/// The pieces (one Meta message, a delivery, Twilio's fields, the signing) are public for benches
/// that build other deliveries from them.
/// </summary>
public sealed class Webhooks(Uri target, string twilioPublicBaseUrl, string run, Func<int, string>? question = null)
{
    public const string Question = "what are your opening hours?";

    string Text(int index) => question?.Invoke(index) ?? Question;

    public const string MetaPath = "/webhooks/whatsapp";

    public const string TwilioPath = "/webhooks/twilio/whatsapp";

    /// <summary>The customer of message <paramref name="index"/>, as the Sandbox records it (digits only).</summary>
    public string Customer(int index) => $"3169{run}{index:D6}";

    public static bool IsTwilio(int index) => index % 2 == 1;

    public HttpRequestMessage Create(int index) => IsTwilio(index) ? Twilio(index) : Meta(index);

    public string MetaMessageId(int index) => $"wamid.load-{run}-{index}";

    public string TwilioSid(int index) => "SM" + run + index.ToString("D24", CultureInfo.InvariantCulture);

    /// <summary>One element of a delivery's <c>messages</c>: a text from <paramref name="customer"/> (<paramref name="textJson"/> is a JSON value).</summary>
    public static string MetaText(string customer, string id, string textJson) =>
        $$$"""{"from":"{{{customer}}}","id":"{{{id}}}","timestamp":"{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}","type":"text","text":{"body":{{{textJson}}}}}""";

    public static string MetaContact(string customer, string name) => $$$"""{"profile":{"name":"{{{name}}}"},"wa_id":"{{{customer}}}"}""";

    /// <summary>A delivery to the café's Meta number with these contacts and messages (JSON objects).</summary>
    public static byte[] MetaDelivery(IEnumerable<string> contacts, IEnumerable<string> messages) => Encoding.UTF8.GetBytes($$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"31205550101","phone_number_id":"{{{DemoAccounts.MetaPhoneNumberId}}}"},
        "contacts":[{{{string.Join(",", contacts)}}}],
        "messages":[{{{string.Join(",", messages)}}}]}}]}]}
        """);

    public byte[] MetaBody(int index) =>
        MetaDelivery([MetaContact(Customer(index), $"Load {index}")], [MetaText(Customer(index), MetaMessageId(index), JsonSerializer.Serialize(Text(index)))]);

    /// <summary>A Meta webhook with this body and the café's app signature over it.</summary>
    public HttpRequestMessage SignedMeta(byte[] body) => MetaRequest(Json(body), MetaSignature.Compute(DemoAccounts.MetaAppSecret, body));

    /// <summary>A post to the Meta webhook with this content and <c>X-Hub-Signature-256</c> (none when null).</summary>
    public HttpRequestMessage MetaRequest(HttpContent content, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, MetaPath)) { Content = content };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(MetaSignature.HeaderName, signature);
        }
        return request;
    }

    public static HttpContent Json(byte[] body) => new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };

    HttpRequestMessage Meta(int index) => SignedMeta(MetaBody(index));

    /// <summary>What Twilio posts for a text from <paramref name="customer"/> to the café's Twilio number.</summary>
    public static KeyValuePair<string, string>[] TwilioFields(string customer, string sid, string name, string body) =>
    [
        new("MessageSid", sid),
        new("SmsMessageSid", sid),
        new("SmsSid", sid),
        new("AccountSid", DemoAccounts.TwilioAccountSid),
        new("From", "whatsapp:+" + customer),
        new("To", "whatsapp:" + DemoAccounts.TwilioNumber),
        new("Body", body),
        new("NumMedia", "0"),
        new("ProfileName", name),
        new("WaId", customer),
        new("MessageType", "text"),
    ];

    /// <summary>The <c>X-Twilio-Signature</c> the café's Twilio account puts on these fields.</summary>
    public string TwilioSignatureOf(IEnumerable<KeyValuePair<string, string>> fields) =>
        TwilioSignature.Compute(DemoAccounts.TwilioAuthToken, twilioPublicBaseUrl + TwilioPath, fields);

    /// <summary>A post to the Twilio webhook with this content and signature (none when null).</summary>
    public HttpRequestMessage TwilioRequest(HttpContent content, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, TwilioPath)) { Content = content };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(TwilioSignature.HeaderName, signature);
        }
        return request;
    }

    HttpRequestMessage Twilio(int index)
    {
        var fields = TwilioFields(Customer(index), TwilioSid(index), "Load " + index.ToString(CultureInfo.InvariantCulture), Text(index));
        return TwilioRequest(new FormUrlEncodedContent(fields), TwilioSignatureOf(fields));
    }
}
