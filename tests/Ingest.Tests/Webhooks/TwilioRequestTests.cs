using System.Text;
using Ingest.Webhooks;
using Messaging.Channels.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ingest.Tests.Webhooks;

/// <summary>Which URL a Twilio webhook's signature is checked against, with and without default ports.</summary>
public sealed class TwilioRequestTests
{
    const string AuthToken = "twilio-auth-token";
    const string Path = "/webhooks/twilio/whatsapp";

    static readonly KeyValuePair<string, string>[] Fields =
    [
        new("MessageSid", "SM1"),
        new("From", "whatsapp:+351912345678"),
        new("To", "whatsapp:+14155238886"),
        new("Body", "Olá"),
    ];

    static async Task<TwilioRequest> ReadAsync(string publicBaseUrl, string signature, string host = "ingest:8080", string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        context.Request.Path = Path;
        context.Request.QueryString = new QueryString(query);
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(
            string.Join('&', Fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"))));
        context.Request.Headers[TwilioSignature.HeaderName] = signature;
        var options = Options.Create(new IngestOptions { PublicBaseUrl = publicBaseUrl });
        return (await TwilioRequest.ReadAsync(context.Request, options, TestContext.Current.CancellationToken)).Request!;
    }

    static string SignedFor(string url) => TwilioSignature.Compute(AuthToken, url, Fields);

    // Twilio signs the URL configured in its console; the public base URL may or may not spell
    // the default port, and the request reaching Ingest has the gateway's host, never the public one.
    [Theory]
    [InlineData("https://hooks.example.com", "https://hooks.example.com/webhooks/twilio/whatsapp")]
    [InlineData("https://hooks.example.com", "https://hooks.example.com:443/webhooks/twilio/whatsapp")]
    [InlineData("https://hooks.example.com:443/", "https://hooks.example.com/webhooks/twilio/whatsapp")]
    [InlineData("https://hooks.example.com:443", "https://hooks.example.com:443/webhooks/twilio/whatsapp")]
    [InlineData("http://hooks.example.com:80", "http://hooks.example.com/webhooks/twilio/whatsapp")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/webhooks/twilio/whatsapp")]
    public async Task The_signature_is_checked_against_the_public_url_with_or_without_its_default_port(string publicBaseUrl, string signedUrl)
    {
        var request = await ReadAsync(publicBaseUrl, SignedFor(signedUrl), host: "hooks.example.com:443");
        Assert.True(request.IsSignedWith(AuthToken));
        Assert.False(request.IsSignedWith("another-token"));
    }

    [Theory]
    [InlineData("https://hooks.example.com:8443", "https://hooks.example.com/webhooks/twilio/whatsapp")]
    [InlineData("https://hooks.example.com", "https://hooks.example.com:8443/webhooks/twilio/whatsapp")]
    [InlineData("https://hooks.example.com", "http://hooks.example.com/webhooks/twilio/whatsapp")]
    [InlineData("https://hooks.example.com", "https://ingest:8080/webhooks/twilio/whatsapp")]
    public async Task Any_other_difference_in_the_url_fails(string publicBaseUrl, string signedUrl)
    {
        var request = await ReadAsync(publicBaseUrl, SignedFor(signedUrl));
        Assert.False(request.IsSignedWith(AuthToken));
    }

    [Fact]
    public async Task The_query_string_is_part_of_what_is_signed()
    {
        var signed = await ReadAsync("https://hooks.example.com", SignedFor("https://hooks.example.com/webhooks/twilio/whatsapp?channel=a"), query: "?channel=a");
        var changed = await ReadAsync("https://hooks.example.com", SignedFor("https://hooks.example.com/webhooks/twilio/whatsapp?channel=a"), query: "?channel=b");
        Assert.True(signed.IsSignedWith(AuthToken));
        Assert.False(changed.IsSignedWith(AuthToken));
    }
}
