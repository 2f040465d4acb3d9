using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class FaultsApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    [Fact]
    public async Task Queued_faults_fail_the_next_sends_one_each_with_the_providers_error()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        var text = JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "hi" } });

        using (var queued = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/meta/{SandboxHost.PhoneNumberId}", new { code = 130429, count = 2 }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        }

        var first = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", text);
        var second = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", text);
        var third = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", text);

        Assert.Equal(130429, (await first.JsonAsync()).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(130429, (await second.JsonAsync()).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory]
    [InlineData(131026)]
    [InlineData(131047)]
    public async Task A_late_fault_accepts_the_send_and_reports_it_failed_in_a_status_callback(int code)
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        var text = JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "hi" } });
        using (var queued = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/meta/{SandboxHost.PhoneNumberId}", new { code, late = true }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        }

        using var send = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", text);

        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var messageId = (await send.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(messageId, StringComparison.Ordinal) && w.BodyText.Contains("\"failed\"", StringComparison.Ordinal));
        var status = Assert.Single(Messaging.Channels.Meta.MetaWebhookParser.Parse(webhook.Body, DateTimeOffset.UtcNow).Batch!.Statuses);
        Assert.Equal(code, Assert.Single(status.Errors).Code);
    }

    [Fact]
    public async Task A_fault_that_providers_only_ever_refuse_cannot_be_late()
    {
        using var response = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/meta/{SandboxHost.PhoneNumberId}", new { code = 130429, late = true }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_fault_code_is_refused()
    {
        using var response = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/meta/{SandboxHost.PhoneNumberId}", new { code = 42 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_queued_twilio_fault_refuses_the_next_send_with_twilios_error_and_the_one_after_goes()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);
        KeyValuePair<string, string>[] text = [new("To", "whatsapp:" + customer), new("From", "whatsapp:" + SandboxHost.TwilioNumber), new("Body", "hi")];
        using (var queued = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/twilio/{SandboxHost.AccountSid}", new { code = 20429 }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        }

        using var refused = await Sandbox.TwilioSendAsync(text);
        using var sent = await Sandbox.TwilioSendAsync(text);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(20429, (await refused.JsonAsync()).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
    }

    [Theory]
    [InlineData(63024)]
    [InlineData(30003)]
    public async Task A_late_twilio_fault_accepts_the_send_and_reports_it_failed_with_the_error_code(int code)
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);
        using (var queued = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/twilio/{SandboxHost.AccountSid}", new { code, late = true }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        }

        using var send = await Sandbox.TwilioSendAsync([new("To", "whatsapp:" + customer), new("From", "whatsapp:" + SandboxHost.TwilioNumber), new("Body", "hi")]);

        Assert.Equal(HttpStatusCode.Created, send.StatusCode);
        var sid = (await send.JsonAsync()).GetProperty("sid").GetString()!;
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(sid, StringComparison.Ordinal) && w.BodyText.Contains("MessageStatus=failed", StringComparison.Ordinal));
        var form = QueryHelpers.ParseQuery(webhook.BodyText);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), form["ErrorCode"].ToString());
    }

    [Theory]
    [InlineData(42, false)]
    [InlineData(20429, true)]
    [InlineData(30003, false)]
    public async Task A_twilio_fault_twilio_cannot_produce_that_way_is_refused(int code, bool late)
    {
        using var response = await Sandbox.Client.PostAsJsonAsync($"/sandbox/api/faults/twilio/{SandboxHost.AccountSid}", new { code, late }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
