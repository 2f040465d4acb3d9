using System.Net;
using EndToEnd.Tests.Infrastructure;
using Messaging.Contracts;

namespace EndToEnd.Tests.Ingest;

/// <summary>With Redis down, a 200 still means durable: the spool holds the events until Redis is back.</summary>
[Collection(FaultedProduct.Name)]
public sealed class RedisOutageTests(RunningApp running)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhooks_accepted_while_redis_is_down_reach_their_streams_once_in_order_even_across_an_ingest_restart()
    {
        var meta = MetaAccount.CreateRandom();
        var twilio = TwilioAccount.CreateRandom();
        var workspace = await running.Admin.CreateWorkspaceAsync("Outage", Ct);
        var metaChannel = await running.Admin.CreateMetaChannelAsync(workspace, meta, RunningApp.SandboxGraph, null, Ct);
        var twilioChannel = await running.Admin.CreateTwilioChannelAsync(workspace, twilio, RunningApp.SandboxTwilio, null, Ct);
        await Eventually.ReturnsAsync(
            async () => (await running.Gateway.GetAsync(new Uri($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={meta.VerifyToken}&hub.challenge=1", UriKind.Relative), Ct)).StatusCode,
            status => status == HttpStatusCode.OK, "the channels are known to Ingest", TimeSpan.FromSeconds(30));

        await running.App.StopResourceAsync("redis", Ct);

        var first = Webhooks.MetaDelivery((meta.PhoneNumberId, meta.DisplayPhoneNumber, "Ana",
            [Webhooks.MetaText("wamid.o-1", "31612345678", "Ana", "one"), Webhooks.MetaText("wamid.o-2", "31612345678", "Ana", "two")], []));
        await AssertAcknowledgedAsync(Webhooks.SignedMeta(first, meta.AppSecret));
        await AssertAcknowledgedAsync(TwilioInbound(twilio, "SM-o-3", "three"));
        // Meta retries what it considers unacknowledged; the copy in the spool must not double the events.
        await AssertAcknowledgedAsync(Webhooks.SignedMeta(first, meta.AppSecret));

        var killedPid = running.App.Pid("ingest")!.Value;
        await running.App.KillAsync("ingest");
        await running.App.WaitForRestartAsync("ingest", killedPid, Ct, healthy: false);
        await AssertAcknowledgedAsync(TwilioInbound(twilio, "SM-o-4", "four"));

        await running.App.StartResourceAsync("redis", Ct);

        await using var streams = await StreamProbe.ConnectAsync(running.App.GetConnectionString("redis"), Ct);
        var texts = await Eventually.ReturnsAsync(
            async () => (await streams.ReadAllAsync(StreamNames.Inbound, Ct))
                .Where(e => e.Payload.GetProperty("channelId").GetString() is { } c && (c == metaChannel || c == twilioChannel))
                .Select(e => e.Payload.GetProperty("text").GetString())
                .ToList(),
            texts => texts.Count >= 4,
            "every spooled event reached msg:inbound");
        // New events queue behind the spool: once one sent now arrives, the spool has drained,
        // and any duplicate it could still append would stand before it.
        await AssertAcknowledgedAsync(TwilioInbound(twilio, "SM-o-5", "after the outage"));
        var settled = await Eventually.ReturnsAsync(
            async () => (await streams.ReadAllAsync(StreamNames.Inbound, Ct))
                .Where(e => e.Payload.GetProperty("channelId").GetString() is { } c && (c == metaChannel || c == twilioChannel))
                .Select(e => e.Payload.GetProperty("text").GetString())
                .ToList(),
            texts => texts.Contains("after the outage"),
            "the event sent after the outage reached msg:inbound");

        Assert.Equal(["one", "two", "three", "four"], texts);
        Assert.Equal(["one", "two", "three", "four", "after the outage"], settled);
    }

    HttpRequestMessage TwilioInbound(TwilioAccount account, string sid, string body) =>
        Webhooks.SignedTwilio(running.PublicBaseUrl, "/webhooks/twilio/whatsapp", account.AuthToken,
        [
            new("MessageSid", sid), new("AccountSid", account.AccountSid), new("From", "whatsapp:+31612345678"),
            new("To", "whatsapp:" + account.Number), new("Body", body), new("NumMedia", "0"),
        ]);

    async Task AssertAcknowledgedAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await running.Gateway.SendAsync(request, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
