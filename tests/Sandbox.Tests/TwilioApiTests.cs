using System.Net;
using System.Net.Http.Json;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class TwilioApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    static List<KeyValuePair<string, string>> Form(string to, params (string Name, string Value)[] fields) =>
    [
        new("To", "whatsapp:" + to),
        new("From", "whatsapp:" + SandboxHost.TwilioNumber),
        .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)),
    ];

    [Fact]
    public async Task Text_within_the_window_is_queued_with_the_messages_resource_shape()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);

        var response = await Sandbox.TwilioSendAsync(Form(customer, ("Body", "Hello from the salon")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.JsonAsync();
        var sid = json.GetProperty("sid").GetString()!;
        Assert.Matches("^SM[0-9a-f]{32}$", sid);
        Assert.Equal("queued", json.GetProperty("status").GetString());
        Assert.Equal(SandboxHost.AccountSid, json.GetProperty("account_sid").GetString());
        Assert.Equal("whatsapp:" + customer, json.GetProperty("to").GetString());
        Assert.Equal("whatsapp:" + SandboxHost.TwilioNumber, json.GetProperty("from").GetString());
        Assert.Equal("Hello from the salon", json.GetProperty("body").GetString());
        Assert.Equal("outbound-api", json.GetProperty("direction").GetString());
        Assert.Equal($"/2010-04-01/Accounts/{SandboxHost.AccountSid}/Messages/{sid}.json", json.GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Wrong_auth_token_gets_401_with_error_20003_and_a_basic_challenge()
    {
        var response = await Sandbox.TwilioSendAsync(Form(SandboxHost.NewCustomer(), ("Body", "hi")), authToken: "wrong-token");

        await response.TwilioErrorAsync(401, 20003);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Missing_credentials_and_unknown_accounts_get_20003()
    {
        await (await Sandbox.TwilioSendAsync(Form(SandboxHost.NewCustomer(), ("Body", "hi")), authToken: null)).TwilioErrorAsync(401, 20003);
        await (await Sandbox.TwilioSendAsync(Form(SandboxHost.NewCustomer(), ("Body", "hi")), accountSid: "AC" + new string('f', 32))).TwilioErrorAsync(401, 20003);
    }

    [Fact]
    public async Task Free_form_outside_the_window_fails_with_63016_and_content_templates_are_allowed()
    {
        var customer = SandboxHost.NewCustomer();

        await (await Sandbox.TwilioSendAsync(Form(customer, ("Body", "Still interested?")))).TwilioErrorAsync(400, 63016);

        var template = await Sandbox.TwilioSendAsync(Form(customer,
            ("ContentSid", "HX" + new string('a', 32)),
            ("ContentVariables", """{"1":"Ann","2":"3pm"}""")));
        Assert.Equal(HttpStatusCode.Created, template.StatusCode);
    }

    [Fact]
    public async Task The_window_closes_24_hours_after_the_last_customer_message()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.SetLastInboundAsync("twilio", customer, DateTimeOffset.UtcNow.AddHours(-23));
        Assert.Equal(HttpStatusCode.Created, (await Sandbox.TwilioSendAsync(Form(customer, ("Body", "within")))).StatusCode);

        await Sandbox.SetLastInboundAsync("twilio", customer, DateTimeOffset.UtcNow.AddHours(-24.5));
        await (await Sandbox.TwilioSendAsync(Form(customer, ("Body", "too late")))).TwilioErrorAsync(400, 63016);
    }

    [Fact]
    public async Task Body_over_1600_characters_fails_with_21617_and_1600_is_accepted()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);

        await (await Sandbox.TwilioSendAsync(Form(customer, ("Body", new string('b', 1601))))).TwilioErrorAsync(400, 21617);
        Assert.Equal(HttpStatusCode.Created, (await Sandbox.TwilioSendAsync(Form(customer, ("Body", new string('b', 1600))))).StatusCode);
    }

    [Fact]
    public async Task Media_url_sends_are_accepted_and_counted()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("twilio", customer);

        var response = await Sandbox.TwilioSendAsync(Form(customer, ("MediaUrl", "https://example.com/menu.pdf"), ("Body", "Our menu")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("1", (await response.JsonAsync()).GetProperty("num_media").GetString());
    }

    [Theory]
    [InlineData(21604, "", "whatsapp:+14155238886", "hi")]
    [InlineData(21603, "whatsapp:+447700900123", "", "hi")]
    [InlineData(63007, "whatsapp:+447700900123", "whatsapp:+15005550006", "hi")]
    [InlineData(21910, "+447700900123", "whatsapp:+14155238886", "hi")]
    [InlineData(21211, "whatsapp:12", "whatsapp:+14155238886", "hi")]
    [InlineData(21619, "whatsapp:+447700900123", "whatsapp:+14155238886", "")]
    public async Task Invalid_sends_get_twilios_error_codes(int code, string to, string from, string body)
    {
        var response = await Sandbox.TwilioSendAsync([new("To", to), new("From", from), new("Body", body)]);

        await response.TwilioErrorAsync(400, code);
    }

    [Fact]
    public async Task Invalid_content_sid_variables_and_callback_url_are_refused()
    {
        var customer = SandboxHost.NewCustomer();
        await (await Sandbox.TwilioSendAsync(Form(customer, ("ContentSid", "HXnope")))).TwilioErrorAsync(400, 21655);
        await (await Sandbox.TwilioSendAsync(Form(customer, ("ContentSid", "HX" + new string('a', 32)), ("ContentVariables", "{broken")))).TwilioErrorAsync(400, 21656);
        await (await Sandbox.TwilioSendAsync(Form(customer, ("ContentSid", "HX" + new string('a', 32)), ("StatusCallback", "not a url")))).TwilioErrorAsync(400, 21609);
    }

    [Fact]
    public async Task Account_fetch_returns_the_account_and_refuses_a_wrong_token()
    {
        var response = await Sandbox.TwilioGetAsync($"/twilio/2010-04-01/Accounts/{SandboxHost.AccountSid}.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(SandboxHost.AccountSid, json.GetProperty("sid").GetString());
        Assert.Equal("active", json.GetProperty("status").GetString());
        await (await Sandbox.TwilioGetAsync($"/twilio/2010-04-01/Accounts/{SandboxHost.AccountSid}.json", authToken: "wrong")).TwilioErrorAsync(401, 20003);
    }

    [Fact]
    public async Task Unknown_resources_get_20404()
    {
        await (await Sandbox.TwilioGetAsync("/twilio/2010-04-01/Calls.json")).TwilioErrorAsync(404, 20404);
    }

    [Fact]
    public async Task Media_a_customer_sent_is_downloadable_with_the_account_credentials()
    {
        var content = "%PDF-1.4 price list"u8.ToArray();
        var simulated = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/twilio", new
        {
            business = SandboxHost.TwilioNumber,
            customer = SandboxHost.NewCustomer(),
            text = "price list please",
            media = new { id = await Sandbox.UploadAsync("twilio", "document", "application/pdf", content, "prices.pdf") },
        }, TestContext.Current.CancellationToken);
        simulated.EnsureSuccessStatusCode();
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains("price+list+please", StringComparison.Ordinal) || w.BodyText.Contains("price%20list%20please", StringComparison.Ordinal));
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(webhook.BodyText);
        Assert.Equal("1", fields["NumMedia"].ToString());
        Assert.Equal("application/pdf", fields["MediaContentType0"].ToString());
        var url = fields["MediaUrl0"].ToString();

        var download = await Sandbox.TwilioGetAsync(url);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        await (await Sandbox.TwilioGetAsync(url, authToken: "wrong")).TwilioErrorAsync(401, 20003);
    }
}
