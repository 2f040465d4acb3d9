using System.Net;
using System.Net.Http.Json;
using Messaging.Channels.Inbound;
using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;
using Microsoft.AspNetCore.WebUtilities;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class SimulatorTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    [Fact]
    public async Task A_simulated_meta_message_arrives_at_the_receiver_as_a_signed_cloud_api_webhook()
    {
        var customer = SandboxHost.NewCustomer();

        var result = await Sandbox.CustomerWritesAsync("meta", customer, "Do you have a slot tomorrow?");

        Assert.Equal(200, result.Status);
        Assert.Equal("EVENT_RECEIVED", result.ResponseBody);
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(result.MessageId, StringComparison.Ordinal));
        Assert.Equal("/webhooks/whatsapp", webhook.Path);
        Assert.True(MetaSignature.Verify(SandboxHost.AppSecret, webhook.Body, webhook.Header(MetaSignature.HeaderName)));
        Assert.False(MetaSignature.Verify("wrong-secret", webhook.Body, webhook.Header(MetaSignature.HeaderName)));
        var message = Assert.Single(MetaWebhookParser.Parse(webhook.Body, DateTimeOffset.UtcNow).Batch!.Messages);
        Assert.Equal(InboundKind.Text, message.Kind);
        Assert.Equal("Do you have a slot tomorrow?", message.Text);
        Assert.Equal(customer, message.From);
        Assert.Equal("Ann", message.ContactName);
        Assert.Equal(SandboxHost.PhoneNumberId, message.ChannelAddress);
    }

    [Fact]
    public async Task A_simulated_twilio_message_arrives_signed_over_the_webhook_url_and_fields()
    {
        var customer = SandboxHost.NewCustomer();

        var result = await Sandbox.CustomerWritesAsync("twilio", customer, "Hola & adiós = 100%");

        Assert.Equal(200, result.Status);
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(result.MessageId, StringComparison.Ordinal));
        Assert.Equal(Sandbox.Receiver.TwilioWebhookUrl.AbsoluteUri, webhook.Url);
        var form = Form(webhook);
        Assert.True(TwilioSignatureValidator.Validate(SandboxHost.AuthToken, webhook.Url, form.Fields, webhook.Header(TwilioSignature.HeaderName)));
        Assert.False(TwilioSignatureValidator.Validate(SandboxHost.AuthToken, webhook.Url, [.. form.Fields, new("Extra", "field")], webhook.Header(TwilioSignature.HeaderName)));
        var message = Assert.Single(TwilioWebhookParser.Parse(form, DateTimeOffset.UtcNow).Batch!.Messages);
        Assert.Equal("Hola & adiós = 100%", message.Text);
        Assert.Equal(customer, message.From);
        Assert.Equal(SandboxHost.TwilioNumber, message.ChannelAddress);
    }

    [Fact]
    public async Task Locations_and_button_taps_are_shaped_as_the_providers_send_them()
    {
        var location = new { latitude = 51.5074, longitude = -0.1278, name = "Salon", address = "1 High St" };
        var meta = await SimulateAsync("meta", new { location });
        var metaButton = await SimulateAsync("meta", new { button = new { id = "slot-1", title = "1 pm", type = "button_reply" }, replyTo = "wamid.previous" });
        var metaQuickReply = await SimulateAsync("meta", new { button = new { id = "STOP", title = "Stop promotions", type = "quick_reply" } });
        var twilio = await SimulateAsync("twilio", new { location });
        var twilioButton = await SimulateAsync("twilio", new { button = new { id = "slot-1", title = "1 pm" } });

        var metaLocation = await MetaMessageAsync(meta);
        Assert.Equal(InboundKind.Location, metaLocation.Kind);
        Assert.Equal(51.5074, metaLocation.Location!.Latitude);
        var tapped = await MetaMessageAsync(metaButton);
        Assert.Equal(InboundKind.Interactive, tapped.Kind);
        Assert.Equal("slot-1", tapped.ReplyId);
        Assert.Equal("wamid.previous", tapped.ContextMessageId);
        Assert.Equal(InboundKind.Button, (await MetaMessageAsync(metaQuickReply)).Kind);
        var twilioLocation = await TwilioMessageAsync(twilio);
        Assert.Equal(InboundKind.Location, twilioLocation.Kind);
        Assert.Equal(-0.1278, twilioLocation.Location!.Longitude);
        Assert.Equal("slot-1", (await TwilioMessageAsync(twilioButton)).ReplyId);
    }

    [Fact]
    public async Task A_customer_message_opens_the_window_for_free_form_replies()
    {
        var customer = SandboxHost.NewCustomer();
        var text = System.Text.Json.JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "hello" } });
        await (await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", text)).GraphErrorAsync(400, 131047);

        await Sandbox.CustomerWritesAsync("meta", customer);

        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", text)).StatusCode);
    }

    [Fact]
    public async Task The_result_reports_what_the_product_answered()
    {
        const string number = "2000000002", path = "/failing/whatsapp";
        await Sandbox.RegisterMetaNumberAsync(number, path);
        Sandbox.Receiver.FailNext(path, 500);

        var response = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business = number, customer = SandboxHost.NewCustomer(), text = "hi" }, TestContext.Current.CancellationToken);

        var result = (await response.Content.ReadFromJsonAsync<SimulationResponse>(TestContext.Current.CancellationToken))!;
        Assert.Equal(500, result.Status);
        Assert.Equal("failing on purpose", result.ResponseBody);
    }

    [Theory]
    [InlineData("meta", "999", HttpStatusCode.NotFound)]
    [InlineData("twilio", "+15550000000", HttpStatusCode.NotFound)]
    [InlineData("meta", SandboxHost.PhoneNumberId, HttpStatusCode.BadRequest)]
    public async Task Unknown_channels_and_empty_messages_are_refused(string provider, string business, HttpStatusCode expected)
    {
        var response = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/simulate/{provider}",
            new { business, customer = SandboxHost.NewCustomer(), text = expected == HttpStatusCode.BadRequest ? "" : "hi" }, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_simulator_requests_get_a_400_not_a_server_error()
    {
        using var content = new StringContent("{\"business\": 12, ", System.Text.Encoding.UTF8, "application/json");
        var response = await Sandbox.Client.PostAsync("/sandbox/api/simulate/meta", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    async Task<ReceivedWebhook> SimulateAsync(string provider, object fields)
    {
        var body = new Dictionary<string, object?>
        {
            ["business"] = provider == "meta" ? SandboxHost.PhoneNumberId : SandboxHost.TwilioNumber,
            ["customer"] = SandboxHost.NewCustomer(),
        };
        foreach (var property in fields.GetType().GetProperties())
        {
            body[property.Name] = property.GetValue(fields);
        }

        var response = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/simulate/{provider}", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var result = (await response.Content.ReadFromJsonAsync<SimulationResponse>(TestContext.Current.CancellationToken))!;
        return await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(result.MessageId, StringComparison.Ordinal));
    }

    static Task<InboundMessage> MetaMessageAsync(ReceivedWebhook webhook) =>
        Task.FromResult(Assert.Single(MetaWebhookParser.Parse(webhook.Body, DateTimeOffset.UtcNow).Batch!.Messages));

    static Task<InboundMessage> TwilioMessageAsync(ReceivedWebhook webhook) =>
        Task.FromResult(Assert.Single(TwilioWebhookParser.Parse(Form(webhook), DateTimeOffset.UtcNow).Batch!.Messages));

    static TwilioForm Form(ReceivedWebhook webhook) =>
        new(QueryHelpers.ParseQuery(webhook.BodyText).SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
}
