using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class GraphApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    SandboxHost Sandbox => fixture.Host;

    const string Messages = SandboxHost.PhoneNumberId + "/messages";

    static string Text(string to, string body) =>
        JsonSerializer.Serialize(new { messaging_product = "whatsapp", recipient_type = "individual", to, type = "text", text = new { preview_url = true, body } });

    [Fact]
    public async Task Text_within_the_window_is_accepted_with_the_cloud_api_response_shape()
    {
        var customer = SandboxHost.NewCustomer();
        var inbound = await Sandbox.CustomerWritesAsync("meta", customer);

        var response = await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "text",
            context = new { message_id = inbound.MessageId },
            text = new { preview_url = false, body = "Hello *there*" },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("whatsapp", json.GetProperty("messaging_product").GetString());
        var contact = json.GetProperty("contacts")[0];
        Assert.Equal(customer, contact.GetProperty("input").GetString());
        Assert.Equal(customer.TrimStart('+'), contact.GetProperty("wa_id").GetString());
        Assert.StartsWith("wamid.", json.GetProperty("messages")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_token_is_refused()
    {
        var response = await Sandbox.GraphPostAsync(Messages, Text(SandboxHost.NewCustomer(), "hi"), token: null);

        var error = await response.GraphErrorAsync(400, 104);
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Wrong_token_is_refused_with_oauth_error_190()
    {
        var response = await Sandbox.GraphPostAsync(Messages, Text(SandboxHost.NewCustomer(), "hi"), token: "not-the-token");

        var error = await response.GraphErrorAsync(401, 190);
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Another_numbers_token_cannot_use_this_number()
    {
        var other = new { displayPhoneNumber = "+15550009999", verifiedName = "Other", accessToken = "other-number-token", appSecret = "other-app-secret" };
        (await Sandbox.Client.PutAsJsonAsync("/sandbox/api/accounts/meta/999000111", other, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var response = await Sandbox.GraphPostAsync(Messages, Text(SandboxHost.NewCustomer(), "hi"), token: "other-number-token");

        var error = await response.GraphErrorAsync(400, 100);
        Assert.Equal(33, error.GetProperty("error_subcode").GetInt32());
    }

    [Fact]
    public async Task Unknown_phone_number_id_is_an_unknown_object()
    {
        var response = await Sandbox.GraphPostAsync("123456/messages", Text(SandboxHost.NewCustomer(), "hi"));

        var error = await response.GraphErrorAsync(400, 100);
        Assert.Equal(33, error.GetProperty("error_subcode").GetInt32());
    }

    [Fact]
    public async Task Free_form_text_without_a_customer_message_fails_with_re_engagement_131047()
    {
        var response = await Sandbox.GraphPostAsync(Messages, Text(SandboxHost.NewCustomer(), "Are you still there?"));

        var error = await response.GraphErrorAsync(400, 131047);
        Assert.Contains("24 hours", error.GetProperty("error_data").GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_window_closes_24_hours_after_the_last_customer_message()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(Messages, Text(customer, "within"))).StatusCode);

        await Sandbox.SetLastInboundAsync("meta", customer, DateTimeOffset.UtcNow.AddHours(-23));
        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(Messages, Text(customer, "still within"))).StatusCode);

        await Sandbox.SetLastInboundAsync("meta", customer, DateTimeOffset.UtcNow.AddHours(-25));
        await (await Sandbox.GraphPostAsync(Messages, Text(customer, "too late"))).GraphErrorAsync(400, 131047);
    }

    [Fact]
    public async Task Templates_are_allowed_outside_the_window()
    {
        using var registered = await Sandbox.Client.PutAsJsonAsync($"/sandbox/api/templates/meta/{SandboxHost.PhoneNumberId}/appointment_reminder/en_US",
            new { category = "utility", body = "Hi {{1}}, see you tomorrow." }, TestContext.Current.CancellationToken);
        registered.EnsureSuccessStatusCode();
        var body = JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            to = SandboxHost.NewCustomer(),
            type = "template",
            template = new
            {
                name = "appointment_reminder",
                language = new { code = "en_US" },
                components = new[] { new { type = "body", parameters = new[] { new { type = "text", text = "Ann" } } } },
            },
        });

        var response = await Sandbox.GraphPostAsync(Messages, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = (await response.JsonAsync()).GetProperty("messages")[0];
        Assert.Equal("accepted", message.GetProperty("message_status").GetString());
    }

    [Fact]
    public async Task A_template_the_business_account_does_not_have_in_that_language_is_refused_with_132001()
    {
        using var registered = await Sandbox.Client.PutAsJsonAsync($"/sandbox/api/templates/meta/{SandboxHost.PhoneNumberId}/order_ready/en",
            new { category = "utility", body = "Your order is ready." }, TestContext.Current.CancellationToken);
        registered.EnsureSuccessStatusCode();
        var customer = SandboxHost.NewCustomer();

        foreach (var (name, language) in new[] { ("never_registered", "en"), ("order_ready", "pt_BR") })
        {
            var response = await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(new
            {
                messaging_product = "whatsapp",
                to = customer,
                type = "template",
                template = new { name, language = new { code = language } },
            }));

            var error = await response.GraphErrorAsync(404, 132001);
            Assert.Equal("(#132001) Template name does not exist in the translation", error.GetProperty("message").GetString());
            Assert.Equal("OAuthException", error.GetProperty("type").GetString());
            Assert.Equal($"template name ({name}) does not exist in {language}", error.GetProperty("error_data").GetProperty("details").GetString());
        }
    }

    [Fact]
    public async Task Text_longer_than_4096_characters_is_refused_and_4096_is_accepted()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);

        var tooLong = await Sandbox.GraphPostAsync(Messages, Text(customer, new string('a', 4097)));
        var error = await tooLong.GraphErrorAsync(400, 100);
        Assert.Contains("4096", error.GetProperty("error_data").GetProperty("details").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(Messages, Text(customer, new string('a', 4096)))).StatusCode);
    }

    [Fact]
    public async Task Interactive_buttons_and_lists_are_accepted_and_validated()
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        object Buttons(int count) => new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "interactive",
            interactive = new
            {
                type = "button",
                body = new { text = "Pick a time" },
                action = new { buttons = Enumerable.Range(1, count).Select(i => new { type = "reply", reply = new { id = $"slot-{i}", title = $"{i} pm" } }) },
            },
        };
        var list = new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "interactive",
            interactive = new
            {
                type = "list",
                body = new { text = "Our services" },
                action = new
                {
                    button = "See services",
                    sections = new[] { new { title = "Hair", rows = new[] { new { id = "cut", title = "Cut", description = "30 min" }, new { id = "colour", title = "Colour", description = "2 h" } } } },
                },
            },
        };

        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(Buttons(3)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(list))).StatusCode);
        await (await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(Buttons(4)))).GraphErrorAsync(400, 131009);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("audio")]
    [InlineData("video")]
    [InlineData("document")]
    [InlineData("sticker")]
    public async Task Media_by_link_is_accepted_and_media_without_link_or_id_is_refused(string kind)
    {
        var customer = SandboxHost.NewCustomer();
        await Sandbox.CustomerWritesAsync("meta", customer);
        var withLink = new Dictionary<string, object>
        {
            ["messaging_product"] = "whatsapp",
            ["to"] = customer,
            ["type"] = kind,
            [kind] = new { link = $"https://example.com/file.{kind}" },
        };
        var withoutLink = new Dictionary<string, object>(withLink) { [kind] = new { } };

        Assert.Equal(HttpStatusCode.OK, (await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(withLink))).StatusCode);
        await (await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(withoutLink))).GraphErrorAsync(400, 100);
    }

    [Fact]
    public async Task Reaction_to_a_customer_message_is_accepted()
    {
        var customer = SandboxHost.NewCustomer();
        var inbound = await Sandbox.CustomerWritesAsync("meta", customer);

        var response = await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "reaction",
            reaction = new { message_id = inbound.MessageId, emoji = "👍" },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Mark_as_read_and_typing_indicator_answer_success_and_show_on_the_phone()
    {
        var customer = SandboxHost.NewCustomer();
        var inbound = await Sandbox.CustomerWritesAsync("meta", customer);

        var read = await Sandbox.GraphPostAsync(Messages, JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            status = "read",
            message_id = inbound.MessageId,
            typing_indicator = new { type = "text" },
        }));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True((await read.JsonAsync()).GetProperty("success").GetBoolean());
        var conversation = await (await Sandbox.Client.GetAsync($"/sandbox/api/conversations/meta/{SandboxHost.PhoneNumberId}/{customer}", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.True(conversation.GetProperty("typing").GetBoolean());
        Assert.Equal("read", conversation.GetProperty("messages")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Mark_as_read_of_an_unknown_message_is_an_invalid_parameter()
    {
        var response = await Sandbox.GraphPostAsync(Messages, """{"messaging_product":"whatsapp","status":"read","message_id":"wamid.unknown"}""");

        await response.GraphErrorAsync(400, 100);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"to":"+447700900123","type":"text","text":{"body":"x"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","type":"text","text":{"body":"x"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"+447700900123","type":"text","text":{"body":42}}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"+447700900123","type":"text"}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"+447700900123","type":"carrier_pigeon"}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"not a number","type":"text","text":{"body":"x"}}""")]
    public async Task Malformed_requests_get_graph_error_100_never_a_server_error(string body)
    {
        var response = await Sandbox.GraphPostAsync(Messages, body);

        await response.GraphErrorAsync(400, 100);
    }

    [Fact]
    public async Task Unknown_api_version_or_path_gets_graph_error_2500()
    {
        await (await Sandbox.GraphPostAsync("../v1/" + Messages, Text(SandboxHost.NewCustomer(), "x"))).GraphErrorAsync(400, 2500);
        await (await Sandbox.GraphGetAsync("/graph/latest/" + SandboxHost.PhoneNumberId)).GraphErrorAsync(400, 2500);
    }

    [Fact]
    public async Task Phone_number_lookup_returns_the_number_and_honours_fields()
    {
        var all = await Sandbox.GraphGetAsync(SandboxHost.PhoneNumberId);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var json = await all.JsonAsync();
        Assert.Equal(SandboxHost.PhoneNumberId, json.GetProperty("id").GetString());
        Assert.Equal(SandboxHost.DisplayNumber, json.GetProperty("display_phone_number").GetString());
        Assert.Equal("Test Salon", json.GetProperty("verified_name").GetString());
        Assert.Equal("GREEN", json.GetProperty("quality_rating").GetString());

        var some = await (await Sandbox.GraphGetAsync($"{SandboxHost.PhoneNumberId}?fields=verified_name")).JsonAsync();
        Assert.Equal(["verified_name", "id"], some.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Phone_number_lookup_with_a_wrong_token_fails_with_190()
    {
        await (await Sandbox.GraphGetAsync(SandboxHost.PhoneNumberId, token: "wrong")).GraphErrorAsync(401, 190);
    }

    [Fact]
    public async Task Media_a_customer_sent_can_be_looked_up_and_downloaded_with_the_token()
    {
        var content = "\x89PNG fake image bytes"u8.ToArray();
        var simulated = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new
        {
            business = SandboxHost.PhoneNumberId,
            customer = SandboxHost.NewCustomer(),
            text = "my haircut",
            media = new { id = await Sandbox.UploadAsync("meta", "image", "image/png", content) },
        }, TestContext.Current.CancellationToken);
        simulated.EnsureSuccessStatusCode();
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains("my haircut", StringComparison.Ordinal));
        var mediaId = JsonDocument.Parse(webhook.Body).RootElement
            .GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("messages")[0].GetProperty("image").GetProperty("id").GetString();

        var lookup = await (await Sandbox.GraphGetAsync(mediaId!)).JsonAsync();
        Assert.Equal("image/png", lookup.GetProperty("mime_type").GetString());
        Assert.Equal(content.Length, lookup.GetProperty("file_size").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), lookup.GetProperty("sha256").GetString());
        var url = lookup.GetProperty("url").GetString()!;

        var download = await Sandbox.GraphGetAsync(url);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        await (await Sandbox.GraphGetAsync(url, token: "wrong")).GraphErrorAsync(401, 190);
    }
}
