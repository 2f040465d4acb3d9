using System.Net;
using System.Text;
using Ingest.Tests.Infrastructure;
using Messaging.Channels.Meta;
using Messaging.Contracts;
using Messaging.Tenancy.Model;

namespace Ingest.Tests.Webhooks;

/// <summary>
/// Hostile and unusual Meta deliveries: a 5xx only ever means "not durable, retry", so bad input
/// is a 4xx, checked after the signature, and one bad message never costs its good siblings.
/// </summary>
public sealed class MetaWebhookInputTests(IngestHost ingest)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string Delivery(TenantChannel channel, params string[] messages) => $$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550100001","phone_number_id":"{{{channel.Meta!.PhoneNumberId}}}"},
          "contacts":[{"profile":{"name":"Ana"},"wa_id":"31612345678"}],
          "messages":[{{{string.Join(",", messages)}}}]}}]}]}
        """;

    static string Text(string id, string bodyJson, string from = "\"from\":\"31612345678\",") =>
        $$$"""{{{{from}}}"id":"{{{id}}}","timestamp":"1763700000","type":"text","text":{"body":{{{bodyJson}}}}}""";

    static string Location(string id, string latitude, string longitude) =>
        $$$"""{"from":"31612345678","id":"{{{id}}}","timestamp":"1763700000","type":"location","location":{"latitude":{{{latitude}}},"longitude":{{{longitude}}}}}""";

    Task<HttpResponseMessage> PostAsync(byte[] body, string? appSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (appSecret is not null)
        {
            request.Headers.Add(MetaSignature.HeaderName, MetaSignature.Compute(appSecret, body));
        }
        return ingest.Http.SendAsync(request, Ct);
    }

    Task<HttpResponseMessage> PostAsync(string body, TenantChannel channel, bool signed = true) =>
        PostAsync(Encoding.UTF8.GetBytes(body), signed ? channel.Meta!.AppSecret : "not-the-app-secret");

    async Task<IReadOnlyList<string?>> InboundIdsAsync(TenantChannel channel) =>
        [.. (await ingest.EventsAsync(StreamNames.Inbound, channel.Id)).Select(e => e.GetProperty("providerMessageId").GetString())];

    [Fact]
    public async Task An_empty_body_is_a_400_not_a_500()
    {
        using var response = await PostAsync([], appSecret: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bad_messages_are_rejected_and_their_good_siblings_are_accepted()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var body = Delivery(channel,
            Text("wamid.good-1", "\"Table for two?\""),
            Text("wamid.surrogate", "\"\\ud800 alone\""),
            Location("wamid.infinite", "1e400", "4.89"),
            Text("wamid.good-2", "\"At eight\""));

        using var response = await PostAsync(body, channel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["wamid.good-1", "wamid.good-2"], await InboundIdsAsync(channel));
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_text_costs_only_that_message()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var text = Encoding.UTF8.GetBytes(Delivery(channel, Text("wamid.good", "\"fine\""), Text("wamid.bad", "\"BROKEN\"")));
        var broken = Encoding.UTF8.GetBytes("BROKEN");
        var at = text.AsSpan().IndexOf(broken);
        text[at] = 0xC3;
        text[at + 1] = 0x28;

        using var response = await PostAsync(text, channel.Meta!.AppSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["wamid.good"], await InboundIdsAsync(channel));
    }

    [Theory]
    [InlineData("\"NaN\"", "4.89")]
    [InlineData("\"Infinity\"", "4.89")]
    [InlineData("91", "4.89")]
    [InlineData("52.37", "-180.5")]
    public async Task A_delivery_whose_only_message_has_impossible_coordinates_is_a_400_after_the_signature(string latitude, string longitude)
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var body = Delivery(channel, Location("wamid.loc", latitude, longitude));

        using var forged = await PostAsync(body, channel, signed: false);
        using var signed = await PostAsync(body, channel);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
        Assert.Contains("not a place on Earth", await signed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await InboundIdsAsync(channel));
    }

    [Fact]
    public async Task A_lone_surrogate_is_checked_after_the_signature()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var body = Delivery(channel, Text("wamid.s", "\"\\udc00\""));

        using var forged = await PostAsync(body, channel, signed: false);
        using var signed = await PostAsync(body, channel);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
    }

    [Fact]
    public async Task A_nul_character_never_reaches_the_stream()
    {
        var channel = ingest.Tenancy.AddMetaChannel();

        using var response = await PostAsync(Delivery(channel, Text("wamid.nul", "\"before\\u0000after\"")), channel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbound = Assert.Single(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
        Assert.Equal("beforeafter", inbound.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Messages_without_an_id_or_a_sender_are_rejected_and_never_keyed_on_an_empty_id()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var noId = """{"from":"31612345678","timestamp":"1763700000","type":"text","text":{"body":"first"}}""";
        var emptyId = """{"from":"31612345678","id":"","timestamp":"1763700000","type":"text","text":{"body":"second"}}""";
        var noSender = Text("wamid.nobody", "\"who am I\"", from: "");

        using var first = await PostAsync(Delivery(channel, noId, Text("wamid.ok-1", "\"one\"")), channel);
        using var second = await PostAsync(Delivery(channel, emptyId, noSender, Text("wamid.ok-2", "\"two\"")), channel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(["wamid.ok-1", "wamid.ok-2"], await InboundIdsAsync(channel));
    }

    [Fact]
    public async Task A_reaction_that_names_no_message_is_rejected_and_one_that_does_is_accepted()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var onNothing = """{"from":"31612345678","id":"wamid.react-none","timestamp":"1763700000","type":"reaction","reaction":{"emoji":"👍"}}""";
        var onEmpty = """{"from":"31612345678","id":"wamid.react-empty","timestamp":"1763700000","type":"reaction","reaction":{"message_id":" ","emoji":"👍"}}""";
        var onReply = """{"from":"31612345678","id":"wamid.react-ok","timestamp":"1763700000","type":"reaction","reaction":{"message_id":"wamid.reply","emoji":"👍"}}""";

        using var response = await PostAsync(Delivery(channel, onNothing, onEmpty, onReply), channel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbound = Assert.Single(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
        Assert.Equal("wamid.react-ok", inbound.GetProperty("providerMessageId").GetString());
        Assert.Equal("wamid.reply", inbound.GetProperty("reaction").GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task Ids_and_senders_longer_than_any_providers_are_rejected_and_their_siblings_accepted()
    {
        // Acknowledged, they could never be stored (a unique index holds no value of kilobytes): the Agent dead-lettered them.
        var channel = ingest.Tenancy.AddMetaChannel();
        var body = Delivery(channel,
            Text("wamid.good", "\"Table for two?\""),
            Text("wamid." + new string('x', 3000), "\"a long id\""),
            Text("wamid.long-sender", "\"a long number\"", from: $"\"from\":\"{new string('3', 16)}\","));

        using var response = await PostAsync(body, channel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["wamid.good"], await InboundIdsAsync(channel));
    }

    [Fact]
    public async Task A_username_only_user_is_keyed_on_the_business_scoped_user_id()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        var body = $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp",
              "metadata":{"display_phone_number":"15550100001","phone_number_id":"{{{channel.Meta!.PhoneNumberId}}}"},
              "contacts":[{"profile":{"name":"Nia","username":"@nia"},"user_id":"US.13491208655302741918"}],
              "messages":[{"from_user_id":"US.13491208655302741918","id":"wamid.bsuid","timestamp":"1763700000","type":"text","text":{"body":"hi"}}]}}]}]}
            """;

        using var response = await PostAsync(body, channel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbound = Assert.Single(await ingest.EventsAsync(StreamNames.Inbound, channel.Id));
        Assert.Equal("US.13491208655302741918", inbound.GetProperty("from").GetString());
        Assert.Equal("Nia", inbound.GetProperty("contactName").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        var channel = ingest.Tenancy.AddMetaChannel();
        using var response = await PostAsync(Delivery(channel, Text("wamid.big", "\"" + new string('a', 70_000) + "\"")), channel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
