using System.Net;
using System.Text;
using Ingest.Tests.Infrastructure;
using Messaging.Channels.Twilio;
using Messaging.Contracts;
using Messaging.Tenancy.Model;

namespace Ingest.Tests.Webhooks;

/// <summary>Hostile and unusual Twilio posts: a clear 4xx after the signature, never a 500.</summary>
public sealed class TwilioWebhookInputTests(IngestHost ingest)
{
    const string Path = "/webhooks/twilio/whatsapp";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static List<KeyValuePair<string, string>> Inbound(TenantChannel channel, string sid, params (string Name, string Value)[] extra) =>
    [
        new("MessageSid", sid), new("AccountSid", channel.Twilio!.AccountSid), new("From", "whatsapp:+31612345678"),
        new("To", channel.Twilio.Number), new("NumMedia", "0"), .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
    ];

    Task<HttpResponseMessage> PostAsync(TenantChannel channel, IReadOnlyList<KeyValuePair<string, string>> fields, bool signed = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioSignature.HeaderName,
            TwilioSignature.Compute(signed ? channel.Twilio!.AuthToken : "wrong-token", IngestHost.PublicBaseUrl + Path, fields));
        return ingest.Http.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("NaN", "4.89")]
    [InlineData("Infinity", "4.89")]
    [InlineData("-90.01", "4.89")]
    [InlineData("52.37", "181")]
    public async Task Impossible_coordinates_are_a_400_after_the_signature(string latitude, string longitude)
    {
        var channel = ingest.Tenancy.AddTwilioChannel();
        var fields = Inbound(channel, "SM-loc", ("MessageType", "location"), ("Latitude", latitude), ("Longitude", longitude));

        using var forged = await PostAsync(channel, fields, signed: false);
        using var signed = await PostAsync(channel, fields);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
        Assert.Empty(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
    }

    [Fact]
    public async Task A_valid_location_is_accepted()
    {
        var channel = ingest.Tenancy.AddTwilioChannel();

        using var response = await PostAsync(channel, Inbound(channel, "SM-ok", ("MessageType", "location"), ("Latitude", "52.37"), ("Longitude", "4.89"), ("Label", "Dam")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var location = Assert.Single(await ingest.EventsAsync(StreamNames.Inbound, channel.Id)).GetProperty("location");
        Assert.Equal(52.37, location.GetProperty("latitude").GetDouble());
    }

    [Fact]
    public async Task A_message_without_a_sid_or_a_sender_is_a_400_and_never_an_event()
    {
        var channel = ingest.Tenancy.AddTwilioChannel();
        var noSid = Inbound(channel, "SM-x").Where(f => f.Key != "MessageSid").Append(new("Body", "first")).ToList();
        var noSender = Inbound(channel, "SM-nobody").Where(f => f.Key != "From").Append(new("Body", "second")).ToList();

        using var first = await PostAsync(channel, noSid);
        using var second = await PostAsync(channel, noSender);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Empty(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
    }

    [Fact]
    public async Task A_sid_or_a_sender_longer_than_any_providers_is_a_400_and_never_an_event()
    {
        // Acknowledged, they could never be stored (a unique index holds no value of kilobytes): the Agent dead-lettered them.
        var channel = ingest.Tenancy.AddTwilioChannel();
        var longSid = Inbound(channel, "SM" + new string('0', 3000), ("Body", "first"));
        var longSender = Inbound(channel, "SM-long-sender", ("Body", "second")).Select(f => f.Key == "From" ? new KeyValuePair<string, string>("From", "whatsapp:+" + new string('3', 16)) : f).ToList();

        using var first = await PostAsync(channel, longSid);
        using var second = await PostAsync(channel, longSender);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Empty(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
    }

    [Fact]
    public async Task A_nul_character_never_reaches_the_stream()
    {
        var channel = ingest.Tenancy.AddTwilioChannel();

        using var response = await PostAsync(channel, Inbound(channel, "SM-nul", ("Body", "before\0after")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("beforeafter", Assert.Single(await ingest.EventsAsync(StreamNames.Inbound, channel.Id)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_as_for_meta()
    {
        var channel = ingest.Tenancy.AddTwilioChannel();

        using var response = await PostAsync(channel, Inbound(channel, "SM-big", ("Body", new string('a', 70_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
    }

    [Fact]
    public async Task A_failed_status_callback_carries_its_error_code()
    {
        var channel = ingest.Tenancy.AddTwilioChannel();
        List<KeyValuePair<string, string>> status =
        [
            new("MessageSid", "SM-out"), new("MessageStatus", "undelivered"), new("ErrorCode", "63016"),
            new("ErrorMessage", "Outside the allowed window"), new("From", channel.Twilio!.Number), new("To", "whatsapp:+31612345678"),
        ];

        using var response = await PostAsync(channel, status);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reported = Assert.Single(await ingest.EventsAsync(StreamNames.Status, channel.Id));
        Assert.Equal(("failed", "63016"), (reported.GetProperty("status").GetString(), reported.GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task Invalid_percent_encoding_is_not_a_500()
    {
        var channel = ingest.Tenancy.AddTwilioChannel();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes($"MessageSid=SM-pct&From=whatsapp%3A%2B31612345678&To={Uri.EscapeDataString(channel.Twilio!.Number)}&Body=%ZZ%C3%28")),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await ingest.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
