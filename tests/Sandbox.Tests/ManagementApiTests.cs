using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class ManagementApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    static readonly string[] TenantBNumbers = ["+15557770000"];

    CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_are_recorded_with_auth_outcome_and_bodies_and_can_be_filtered()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        var body = JsonSerializer.Serialize(new { messaging_product = "whatsapp", to = customer, type = "text", text = new { body = "recorded reply" } });
        await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", body);
        await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", body, token: "wrong");

        var accepted = Assert.Single((await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?provider=meta&kind=send&phone={Uri.EscapeDataString(customer)}", Token)).EnumerateArray());
        // A refused call never reaches the body, so it is found by the business number.
        var refused = (await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?provider=meta&kind=send&phone={SandboxHost.PhoneNumberId}", Token)).EnumerateArray().Last();
        Assert.Equal("ok", accepted.GetProperty("auth").GetString());
        Assert.Equal(200, accepted.GetProperty("responseStatus").GetInt32());
        Assert.Equal(body, accepted.GetProperty("requestBody").GetString());
        Assert.Equal("inbound", accepted.GetProperty("direction").GetString());
        Assert.Equal("invalid", refused.GetProperty("auth").GetString());
        Assert.Equal(401, refused.GetProperty("responseStatus").GetInt32());
        Assert.Contains("\"code\":190", refused.GetProperty("responseBody").GetString(), StringComparison.Ordinal);

        var webhooks = await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?kind=inbound_webhook&phone={customer.TrimStart('+')}", Token);
        Assert.Equal("outbound", Assert.Single(webhooks.EnumerateArray()).GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Calls_can_be_cleared()
    {
        await Sandbox.CustomerWritesAsync("twilio", SandboxHost.NewCustomer());

        var cleared = await Sandbox.Client.DeleteAsync("/sandbox/api/calls", Token);

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var after = await Sandbox.Client.GetFromJsonAsync<JsonElement>("/sandbox/api/calls?kind=inbound_webhook", Token);
        Assert.Equal(0, after.GetArrayLength());
    }

    [Fact]
    public async Task Accounts_registered_through_the_api_work_and_never_list_their_secrets()
    {
        var receiverUrl = new Uri(Sandbox.Receiver.BaseUrl, "tenant-b/whatsapp");
        var register = await Sandbox.Client.PutAsJsonAsync("/sandbox/api/accounts/twilio/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", new
        {
            authToken = "tenant-b-token",
            friendlyName = "Tenant B",
            whatsAppNumbers = TenantBNumbers,
            webhookUrl = receiverUrl,
        }, Token);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var listing = await Sandbox.Client.GetStringAsync("/sandbox/api/accounts", Token);
        Assert.Contains("+15557770000", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-b-token", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxHost.AppSecret, listing, StringComparison.Ordinal);

        var simulated = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/twilio", new { business = "+15557770000", customer = SandboxHost.NewCustomer(), text = "to tenant b" }, Token);
        simulated.EnsureSuccessStatusCode();
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.Path == "/tenant-b/whatsapp");
        Assert.Contains("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", webhook.BodyText, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await Sandbox.Client.DeleteAsync("/sandbox/api/accounts/twilio/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/twilio", new { business = "+15557770000", customer = SandboxHost.NewCustomer(), text = "gone" }, Token)).StatusCode);
    }

    [Fact]
    public async Task Meta_numbers_default_their_webhook_to_the_public_base_url()
    {
        var register = await Sandbox.Client.PutAsJsonAsync("/sandbox/api/accounts/meta/555000222", new
        {
            displayPhoneNumber = "+15550002222",
            verifiedName = "Demo Cafe",
            accessToken = "demo-access-token",
            appSecret = "demo-app-secret",
        }, Token);

        var number = await register.JsonAsync();
        Assert.Equal(Sandbox.Receiver.MetaWebhookUrl.AbsoluteUri, number.GetProperty("webhookUrl").GetString());
    }

    [Theory]
    [InlineData("/sandbox/api/accounts/twilio/not-a-sid", """{"authToken":"long-enough-token","whatsAppNumbers":["+15550001234"]}""")]
    [InlineData("/sandbox/api/accounts/twilio/AC0123456789abcdef0123456789abcde0", """{"authToken":"short","whatsAppNumbers":["+15550001234"]}""")]
    [InlineData("/sandbox/api/accounts/twilio/AC0123456789abcdef0123456789abcde0", """{"authToken":"long-enough-token","whatsAppNumbers":["call me"]}""")]
    [InlineData("/sandbox/api/accounts/meta/12a", """{"displayPhoneNumber":"+15550001234","accessToken":"long-enough","appSecret":"long-enough"}""")]
    [InlineData("/sandbox/api/accounts/meta/123", """{"displayPhoneNumber":"+15550001234","accessToken":"long-enough","appSecret":"long-enough","webhookUrl":"relative/path"}""")]
    [InlineData("/sandbox/api/accounts/meta/123", """{"displayPhoneNumber": 5""")]
    public async Task Invalid_registrations_are_refused_with_a_problem(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await Sandbox.Client.PutAsync(path, content, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_phone_simulator_page_is_served_under_sandbox_without_external_assets()
    {
        var redirect = await Sandbox.Client.GetAsync("/sandbox", Token);
        Assert.EndsWith("/sandbox/", redirect.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var html = await redirect.Content.ReadAsStringAsync(Token);
        Assert.Contains("Phone simulator", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "/sandbox/phone.js", "/sandbox/phone.css" })
        {
            var text = await Sandbox.Client.GetStringAsync(asset, Token);
            Assert.DoesNotMatch("(src|href)=\"https?://", text);
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Fact]
    public async Task The_conversation_view_shows_both_sides_with_delivery_status()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer, "Menu?");
        var body = JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "interactive",
            interactive = new { type = "button", body = new { text = "Lunch or dinner?" }, action = new { buttons = new[] { new { type = "reply", reply = new { id = "lunch", title = "Lunch" } } } } },
        });
        await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", body);
        await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains("\"read\"", StringComparison.Ordinal) && w.BodyText.Contains(customer.TrimStart('+'), StringComparison.Ordinal));

        var snapshot = await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/conversations/meta/{SandboxHost.PhoneNumberId}/{Uri.EscapeDataString(customer)}", Token);

        Assert.True(snapshot.GetProperty("windowOpen").GetBoolean());
        var messages = snapshot.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["customer", "business"], messages.Select(m => m.GetProperty("from").GetString()));
        Assert.Equal("Lunch or dinner?", messages[1].GetProperty("text").GetString());
        Assert.Equal("read", messages[1].GetProperty("status").GetString());
        Assert.Equal("lunch", messages[1].GetProperty("options")[0].GetProperty("id").GetString());
    }
}
