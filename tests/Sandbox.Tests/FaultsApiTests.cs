using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
}
