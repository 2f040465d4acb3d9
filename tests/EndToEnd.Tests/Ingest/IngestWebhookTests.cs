using System.Net;
using EndToEnd.Tests.Infrastructure;
using Messaging.Contracts;

namespace EndToEnd.Tests.Ingest;

[Collection(SharedProduct.Name)]
public sealed class IngestWebhookTests(RunningApp running)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<(string WorkspaceId, string ChannelId, MetaAccount Account)> MetaChannelAsync(IReadOnlyList<string>? allowlist = null)
    {
        var account = MetaAccount.CreateRandom();
        var workspace = await running.Admin.CreateWorkspaceAsync("Ingest test", Ct);
        var channel = await running.Admin.CreateMetaChannelAsync(workspace, account, RunningApp.SandboxGraph, allowlist, Ct);
        // The channel reaches Ingest through tenancy:changed; the handshake answering proves it arrived.
        await Eventually.ReturnsAsync(
            async () => (await running.Gateway.GetAsync(new Uri($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={account.VerifyToken}&hub.challenge=ch-1", UriKind.Relative), Ct)).StatusCode,
            status => status == HttpStatusCode.OK,
            "the new Meta channel is known to Ingest",
            TimeSpan.FromSeconds(30));
        return (workspace, channel, account);
    }

    async Task<(string ChannelId, TwilioAccount Account)> TwilioChannelAsync(IReadOnlyList<string>? allowlist = null)
    {
        var account = TwilioAccount.CreateRandom();
        var workspace = await running.Admin.CreateWorkspaceAsync("Ingest test", Ct);
        var channel = await running.Admin.CreateTwilioChannelAsync(workspace, account, RunningApp.SandboxTwilio, allowlist, Ct);
        await Eventually.ReturnsAsync(
            async () =>
            {
                using var probe = Webhooks.SignedTwilio(running.PublicBaseUrl, "/webhooks/twilio/voice", account.AuthToken,
                    [new("CallSid", "CA-probe"), new("From", "+15550001111"), new("To", account.Number)]);
                using var response = await running.Gateway.SendAsync(probe, Ct);
                return await response.Content.ReadAsStringAsync(Ct);
            },
            body => body.Contains("<Gather", StringComparison.Ordinal),
            "the new Twilio channel is known to Ingest",
            TimeSpan.FromSeconds(30));
        return (channel, account);
    }

    [Fact]
    public async Task A_signed_meta_delivery_yields_exactly_its_messages_and_statuses_and_a_replay_yields_nothing()
    {
        var (_, channel, account) = await MetaChannelAsync();
        var body = Webhooks.MetaDelivery(
            (account.PhoneNumberId, account.DisplayPhoneNumber, "Ana",
                [Webhooks.MetaText("wamid.in-1", "31612345678", "Ana", "Do you have a table tonight?"), Webhooks.MetaLocation("wamid.in-2", "31612345678")],
                [Webhooks.MetaStatus("wamid.out-1", "31612345678", "delivered")]),
            (account.PhoneNumberId, account.DisplayPhoneNumber, "Ana",
                [Webhooks.MetaText("wamid.in-3", "31612345678", "Ana", "For two")],
                [Webhooks.MetaStatus("wamid.out-1", "31612345678", "read"), Webhooks.MetaStatus("wamid.out-2", "31612345678", "sent")]));
        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);

        using (var response = await running.Gateway.SendAsync(Webhooks.SignedMeta(body, account.AppSecret), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var replay = await running.Gateway.SendAsync(Webhooks.SignedMeta(body, account.AppSecret), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        var inbound = await streams.ReadAsync(StreamNames.Inbound, channel, Ct);
        Assert.Equal(["wamid.in-1", "wamid.in-2", "wamid.in-3"], inbound.Select(e => e.Payload.GetProperty("providerMessageId").GetString()));
        Assert.All(inbound, e => Assert.Equal("InboundMessageReceived", e.Type));
        Assert.Equal("Do you have a table tonight?", inbound[0].Payload.GetProperty("text").GetString());
        Assert.Equal("location", inbound[1].Payload.GetProperty("kind").GetString());
        Assert.Equal("Dam", inbound[1].Payload.GetProperty("location").GetProperty("name").GetString());
        Assert.Equal("Ana", inbound[0].Payload.GetProperty("contactName").GetString());

        var statuses = await streams.ReadAsync(StreamNames.Status, channel, Ct);
        Assert.Equal(["wamid.out-1:delivered", "wamid.out-1:read", "wamid.out-2:sent"],
            statuses.Select(e => e.Payload.GetProperty("providerMessageId").GetString() + ":" + e.Payload.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_tampered_meta_delivery_is_refused_and_yields_nothing()
    {
        var (_, channel, account) = await MetaChannelAsync();
        var body = Webhooks.MetaDelivery((account.PhoneNumberId, account.DisplayPhoneNumber, "Eve", [Webhooks.MetaText("wamid.t-1", "31600000000", "Eve", "hello")], []));
        using var request = Webhooks.SignedMeta(body, account.AppSecret);
        var tampered = Webhooks.MetaDelivery((account.PhoneNumberId, account.DisplayPhoneNumber, "Eve", [Webhooks.MetaText("wamid.t-1", "31600000000", "Eve", "hellO")], []));
        request.Content = new ByteArrayContent(tampered);
        using var wrongSecret = Webhooks.SignedMeta(body, "not-the-app-secret");
        using var unsigned = Webhooks.SignedMeta(body, account.AppSecret);
        unsigned.Headers.Remove("X-Hub-Signature-256");

        Assert.Equal(HttpStatusCode.Forbidden, (await running.Gateway.SendAsync(request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await running.Gateway.SendAsync(wrongSecret, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await running.Gateway.SendAsync(unsigned, Ct)).StatusCode);

        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);
        Assert.Empty(await streams.ReadAsync(StreamNames.Inbound, channel, Ct));
    }

    [Fact]
    public async Task The_meta_handshake_answers_only_a_known_verify_token()
    {
        var (_, _, account) = await MetaChannelAsync();

        using var known = await running.Gateway.GetAsync(new Uri($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={account.VerifyToken}&hub.challenge=1158201444", UriKind.Relative), Ct);
        using var unknown = await running.Gateway.GetAsync(new Uri("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444", UriKind.Relative), Ct);

        Assert.Equal("1158201444", await known.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }

    [Fact]
    public async Task Twilio_inbound_and_status_callbacks_land_once_and_a_bad_signature_is_refused()
    {
        var (channel, account) = await TwilioChannelAsync();
        List<KeyValuePair<string, string>> inbound =
        [
            new("MessageSid", "SM" + Guid.NewGuid().ToString("N")), new("AccountSid", account.AccountSid), new("From", "whatsapp:+31612345678"),
            new("To", "whatsapp:" + account.Number), new("Body", "Are you open on Sunday?"), new("ProfileName", "Bram"), new("WaId", "31612345678"), new("NumMedia", "0"),
        ];
        List<KeyValuePair<string, string>> status =
        [
            new("MessageSid", "SM-out-1"), new("MessageStatus", "delivered"), new("AccountSid", account.AccountSid),
            new("From", "whatsapp:" + account.Number), new("To", "whatsapp:+31612345678"),
        ];

        foreach (var fields in new[] { inbound, status, inbound, status })
        {
            using var response = await running.Gateway.SendAsync(Webhooks.SignedTwilio(running.PublicBaseUrl, "/webhooks/twilio/whatsapp", account.AuthToken, fields), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<Response", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using (var forged = await running.Gateway.SendAsync(Webhooks.SignedTwilio(running.PublicBaseUrl, "/webhooks/twilio/whatsapp", "wrong-token",
            [.. inbound.Select(f => f.Key == "MessageSid" ? new KeyValuePair<string, string>(f.Key, "SM-forged") : f)]), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);
        var messages = await streams.ReadAsync(StreamNames.Inbound, channel, Ct);
        var single = Assert.Single(messages);
        Assert.Equal("Are you open on Sunday?", single.Payload.GetProperty("text").GetString());
        Assert.Equal("31612345678", single.Payload.GetProperty("from").GetString());
        var statuses = await streams.ReadAsync(StreamNames.Status, channel, Ct);
        Assert.Equal("delivered", Assert.Single(statuses).Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_twilio_verification_call_records_the_code_against_the_channel()
    {
        var (channel, account) = await TwilioChannelAsync();
        List<KeyValuePair<string, string>> call = [new("CallSid", "CA-verify"), new("From", "+15550001111"), new("To", account.Number), new("AccountSid", account.AccountSid)];

        using var answer = await running.Gateway.SendAsync(Webhooks.SignedTwilio(running.PublicBaseUrl, "/webhooks/twilio/voice", account.AuthToken, call), Ct);
        var gather = await answer.Content.ReadAsStringAsync(Ct);
        Assert.Contains("numDigits=\"6\"", gather, StringComparison.Ordinal);
        Assert.Contains(running.PublicBaseUrl + "/webhooks/twilio/gather", gather, StringComparison.Ordinal);

        using var typed = await running.Gateway.SendAsync(Webhooks.SignedTwilio(running.PublicBaseUrl, "/webhooks/twilio/gather", account.AuthToken, [.. call, new("Digits", "482913")]), Ct);
        Assert.Contains("Thank you", await typed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(running.App.GetConnectionString("redis"));
        Assert.Equal("482913", (string?)await redis.GetDatabase().HashGetAsync($"ingest:verification:{channel}", "code"));
        // Announced for the owners' mail.
        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);
        Assert.Contains(await streams.ReadAllAsync(StreamNames.ChannelAlerts, Ct),
            e => e.Type == "VerificationCodeCaptured" && e.Payload.GetProperty("channelId").GetString() == channel && e.Payload.GetProperty("code").GetString() == "482913");
        // The code is a credential for the number: readable by the workspace, never written to a log.
        await Eventually.ReturnsAsync(() => Task.FromResult(running.App.Log.Lines()), lines => lines.Any(line => line.Contains("Verification code captured for channel", StringComparison.Ordinal)),
            "Ingest logs the capture", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(running.App.Log.Lines(), line => line.Contains("482913", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allowlist_unknown_channel_malformed_and_oversized_bodies_get_their_documented_answers()
    {
        var (_, channel, account) = await MetaChannelAsync(allowlist: ["+31 6 1111 1111"]);
        var body = Webhooks.MetaDelivery((account.PhoneNumberId, account.DisplayPhoneNumber, "Stranger",
            [Webhooks.MetaText("wamid.a-1", "31622222222", "Stranger", "hi"), Webhooks.MetaText("wamid.a-2", "31611111111", "Friend", "hi")], []));
        using (var allowlisted = await running.Gateway.SendAsync(Webhooks.SignedMeta(body, account.AppSecret), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, allowlisted.StatusCode);
        }
        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);
        Assert.Equal(["wamid.a-2"], (await streams.ReadAsync(StreamNames.Inbound, channel, Ct)).Select(e => e.Payload.GetProperty("providerMessageId").GetString()));

        // Unknown number: acknowledged so Meta does not retry for days, and dropped.
        var unknown = Webhooks.MetaDelivery(("999000111222", "+10000000000", "X", [Webhooks.MetaText("wamid.u-1", "31600000000", "X", "hi")], []));
        Assert.Equal(HttpStatusCode.OK, (await running.Gateway.SendAsync(Webhooks.SignedMeta(unknown, "any"), Ct)).StatusCode);

        using var malformedJson = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new StringContent("{\"entry\": [", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.BadRequest, (await running.Gateway.SendAsync(malformedJson, Ct)).StatusCode);

        using var notAForm = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/whatsapp") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.BadRequest, (await running.Gateway.SendAsync(notAForm, Ct)).StatusCode);

        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(new byte[5 * 1024 * 1024]) };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await running.Gateway.SendAsync(oversized, Ct)).StatusCode);

        Assert.DoesNotContain(await streams.ReadAllAsync(StreamNames.Inbound, Ct), e => e.Payload.GetProperty("providerMessageId").GetString() == "wamid.u-1");
    }

    [Fact]
    public async Task A_rotated_app_secret_is_enforced_without_a_restart()
    {
        var (_, channel, account) = await MetaChannelAsync();
        const string rotated = "rotated-app-secret-0123456789";

        await running.Admin.RotateMetaAppSecretAsync(channel, account, rotated, Ct);

        var n = 0;
        await Eventually.ReturnsAsync(
            async () =>
            {
                var body = Webhooks.MetaDelivery((account.PhoneNumberId, account.DisplayPhoneNumber, "Ana", [Webhooks.MetaText($"wamid.r-old-{++n}", "31612345678", "Ana", "old")], []));
                using var response = await running.Gateway.SendAsync(Webhooks.SignedMeta(body, account.AppSecret), Ct);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Forbidden,
            "the old app secret is refused",
            TimeSpan.FromSeconds(30));
        var fresh = Webhooks.MetaDelivery((account.PhoneNumberId, account.DisplayPhoneNumber, "Ana", [Webhooks.MetaText("wamid.r-new", "31612345678", "Ana", "new")], []));
        using var accepted = await running.Gateway.SendAsync(Webhooks.SignedMeta(fresh, rotated), Ct);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);
        Assert.Contains(await streams.ReadAsync(StreamNames.Inbound, channel, Ct), e => e.Payload.GetProperty("providerMessageId").GetString() == "wamid.r-new");
    }
}
