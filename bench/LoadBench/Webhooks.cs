using System.Globalization;
using System.Text;
using Messaging.AppHost.Demo;
using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;

namespace LoadBench;

/// <summary>
/// Signed provider webhooks of the demo's café, alternately Meta and Twilio, each from a new
/// customer (a number no earlier message of the run used) asking something the canned hours rule
/// answers, or what <paramref name="question"/> says for that message.
/// </summary>
public sealed class Webhooks(Uri target, string twilioPublicBaseUrl, string run, Func<int, string>? question = null)
{
    public const string Question = "what are your opening hours?";

    string Text(int index) => question?.Invoke(index) ?? Question;

    /// <summary>The customer of message <paramref name="index"/>, as the Sandbox records it (digits only).</summary>
    public string Customer(int index) => $"3169{run}{index:D6}";

    public static bool IsTwilio(int index) => index % 2 == 1;

    public HttpRequestMessage Create(int index) => IsTwilio(index) ? Twilio(index) : Meta(index);

    HttpRequestMessage Meta(int index)
    {
        var customer = Customer(index);
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
            "metadata":{"display_phone_number":"31205550101","phone_number_id":"{{{DemoAccounts.MetaPhoneNumberId}}}"},
            "contacts":[{"profile":{"name":"Load {{{index}}}"},"wa_id":"{{{customer}}}"}],
            "messages":[{"from":"{{{customer}}}","id":"wamid.load-{{{run}}}-{{{index}}}","timestamp":"{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"{{{Text(index)}}}"}}]}}]}]}
            """);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, "/webhooks/whatsapp")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(MetaSignature.HeaderName, MetaSignature.Compute(DemoAccounts.MetaAppSecret, body));
        return request;
    }

    HttpRequestMessage Twilio(int index)
    {
        const string Path = "/webhooks/twilio/whatsapp";
        var sid = "SM" + run + index.ToString("D24", CultureInfo.InvariantCulture);
        KeyValuePair<string, string>[] fields =
        [
            new("MessageSid", sid),
            new("SmsMessageSid", sid),
            new("SmsSid", sid),
            new("AccountSid", DemoAccounts.TwilioAccountSid),
            new("From", "whatsapp:+" + Customer(index)),
            new("To", "whatsapp:" + DemoAccounts.TwilioNumber),
            new("Body", Text(index)),
            new("NumMedia", "0"),
            new("ProfileName", "Load " + index.ToString(CultureInfo.InvariantCulture)),
            new("WaId", Customer(index)),
            new("MessageType", "text"),
        ];
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, Path)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(DemoAccounts.TwilioAuthToken, twilioPublicBaseUrl + Path, fields));
        return request;
    }
}
