using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Channels.Inbound;
using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;
using Messaging.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class StatusCallbackTests(SandboxFixture fixture, PostgresFixture postgres) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    [Fact]
    public async Task Meta_sends_report_sent_delivered_read_as_signed_cloud_api_webhooks()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        var messageId = await SendMetaTextAsync(customer);

        foreach (var expected in new[] { DeliveryState.Sent, DeliveryState.Delivered, DeliveryState.Read })
        {
            var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(messageId, StringComparison.Ordinal) && w.BodyText.Contains($"\"{expected.ToString().ToLowerInvariant()}\"", StringComparison.Ordinal));
            Assert.Equal("/webhooks/whatsapp", webhook.Path);
            Assert.True(MetaSignature.Verify(SandboxHost.AppSecret, webhook.Body, webhook.Header(MetaSignature.HeaderName)));
            var status = Assert.Single(ParseMeta(webhook).Statuses);
            Assert.Equal(expected, status.State);
            Assert.Equal(SandboxHost.PhoneNumberId, status.ChannelAddress);
            Assert.Equal(customer, status.Recipient);
            Assert.Equal(messageId, status.ProviderMessageId);
        }
    }

    [Fact]
    public async Task Twilio_sends_report_to_the_status_callback_url_signed_over_that_exact_url()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);
        var callback = new Uri(Sandbox.Receiver.BaseUrl, "webhooks/twilio/whatsapp?channel=demo");

        var response = await Sandbox.TwilioSendAsync(
        [
            new("To", "whatsapp:" + customer),
            new("From", "whatsapp:" + SandboxHost.TwilioNumber),
            new("Body", "See you at 3"),
            new("StatusCallback", callback.AbsoluteUri),
        ]);
        var sid = (await response.JsonAsync()).GetProperty("sid").GetString()!;

        foreach (var expected in new[] { "sent", "delivered", "read" })
        {
            var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(sid, StringComparison.Ordinal) && w.BodyText.Contains("MessageStatus=" + expected, StringComparison.Ordinal));
            Assert.Equal(callback.AbsoluteUri, webhook.Url);
            Assert.StartsWith("application/x-www-form-urlencoded", webhook.ContentType, StringComparison.Ordinal);
            var form = TwilioFormOf(webhook);
            Assert.True(TwilioSignatureValidator.Validate(SandboxHost.AuthToken, webhook.Url, form.Fields, webhook.Header(TwilioSignature.HeaderName)));
            Assert.False(TwilioSignatureValidator.Validate("another-token", webhook.Url, form.Fields, webhook.Header(TwilioSignature.HeaderName)));
            var status = Assert.Single(TwilioWebhookParser.Parse(form, DateTimeOffset.UtcNow).Batch!.Statuses);
            Assert.Equal(sid, status.ProviderMessageId);
            Assert.Equal(expected, status.RawStatus);
            Assert.Equal(SandboxHost.AccountSid, form["AccountSid"]);
        }
    }

    [Fact]
    public async Task Twilio_sends_without_status_callback_report_to_the_accounts_webhook()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);

        var response = await Sandbox.TwilioSendAsync([new("To", "whatsapp:" + customer), new("From", "whatsapp:" + SandboxHost.TwilioNumber), new("Body", "hi")]);
        var sid = (await response.JsonAsync()).GetProperty("sid").GetString()!;

        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(sid, StringComparison.Ordinal));
        Assert.Equal(Sandbox.Receiver.TwilioWebhookUrl.AbsoluteUri, webhook.Url);
        Assert.True(TwilioSignatureValidator.Validate(SandboxHost.AuthToken, webhook.Url, TwilioFormOf(webhook).Fields, webhook.Header(TwilioSignature.HeaderName)));
    }

    [Fact]
    public async Task A_refused_callback_is_retried_and_every_attempt_is_recorded()
    {
        const string number = "2000000001", path = "/retry/whatsapp";
        await Sandbox.RegisterMetaNumberAsync(number, path);
        var customer = SandboxHost.NewCustomer();
        var inbound = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business = number, customer, text = "hi" }, TestContext.Current.CancellationToken);
        inbound.EnsureSuccessStatusCode();
        Sandbox.Receiver.FailNext(path, 503);

        var response = await Sandbox.GraphPostAsync(number + "/messages",
            JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "retried" } }),
            token: SandboxHost.AccessToken + "-" + number);
        var messageId = (await response.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        // "delivered" is only posted once "sent" got through, so both attempts are recorded by then.
        await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(messageId, StringComparison.Ordinal) && w.BodyText.Contains("\"delivered\"", StringComparison.Ordinal));
        var calls = await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?kind=status_callback&messageId={Uri.EscapeDataString(messageId)}", TestContext.Current.CancellationToken);
        var statuses = calls.EnumerateArray().Select(c => c.GetProperty("responseStatus").GetInt32()).ToList();
        Assert.Equal([503, 200], statuses.Take(2));
        Assert.All(calls.EnumerateArray(), c => Assert.Equal("outbound", c.GetProperty("direction").GetString()));
    }

    [Fact]
    public async Task By_default_a_closed_window_is_accepted_then_reported_failed_with_the_window_codes_as_providers_do()
    {
        await using var sandbox = await SandboxHost.StartAsync(postgres, new Dictionary<string, string?> { ["Sandbox:WindowClosed"] = null });
        var customer = SandboxHost.NewCustomer();

        var meta = await sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages",
            JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "late" } }));
        Assert.Equal(HttpStatusCode.OK, meta.StatusCode);
        var messageId = (await meta.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        var metaWebhook = await sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(messageId, StringComparison.Ordinal));
        var failed = Assert.Single(ParseMeta(metaWebhook).Statuses);
        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.Equal(131047, Assert.Single(failed.Errors).Code);

        var twilio = await sandbox.TwilioSendAsync([new("To", "whatsapp:" + customer), new("From", "whatsapp:" + SandboxHost.TwilioNumber), new("Body", "late")]);
        Assert.Equal(HttpStatusCode.Created, twilio.StatusCode);
        var sid = (await twilio.JsonAsync()).GetProperty("sid").GetString()!;
        var twilioWebhook = await sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(sid, StringComparison.Ordinal));
        var form = TwilioFormOf(twilioWebhook);
        Assert.Equal("failed", form["MessageStatus"]);
        Assert.Equal("63016", form["ErrorCode"]);
    }

    async Task<string> SendMetaTextAsync(string customer)
    {
        var response = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages",
            JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "Your booking is confirmed" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    static WebhookBatch ParseMeta(ReceivedWebhook webhook)
    {
        var parsed = MetaWebhookParser.Parse(webhook.Body, DateTimeOffset.UtcNow);
        Assert.True(parsed.Succeeded, parsed.Error);
        return parsed.Batch!;
    }

    static TwilioForm TwilioFormOf(ReceivedWebhook webhook) =>
        new(QueryHelpers.ParseQuery(webhook.BodyText).SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
}
