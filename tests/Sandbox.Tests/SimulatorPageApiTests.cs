using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

/// <summary>What the phone simulator page relies on: number validation, quoted previews, template text and WhatsApp's attachment limits.</summary>
public sealed class SimulatorPageApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    const long MiB = 1024 * 1024;

    SandboxHost Sandbox => fixture.Host;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("07700 900123", "starts with 0")]
    [InlineData("+44 77OO 900123", "is not a phone number")]
    [InlineData("+44 12", "has 4 digits")]
    [InlineData("", "is missing")]
    public async Task A_customer_number_that_is_not_international_is_refused_with_the_reason_never_rewritten(string customer, string reason)
    {
        var response = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business = SandboxHost.PhoneNumberId, customer, text = "hi" }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        Assert.Contains("+447700900123", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spaced_international_number_is_the_same_customer()
    {
        var digits = SandboxHost.NewCustomer();
        var spaced = $"{digits[..3]} {digits[3..7]}-{digits[7..]}";

        var response = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business = SandboxHost.PhoneNumberId, customer = spaced, text = "hi" }, Token);

        response.EnsureSuccessStatusCode();
        var snapshot = await ConversationAsync(digits);
        Assert.Equal(digits.TrimStart('+'), snapshot.GetProperty("customer").GetString());
        Assert.Equal("hi", Assert.Single(snapshot.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_reply_carries_a_short_preview_of_the_message_it_quotes()
    {
        var customer = SandboxHost.NewCustomer();
        var question = "Could I book a table for four on Friday evening, somewhere quiet near the window if you have one, please?";
        var asked = await Sandbox.CustomerWritesAsync("meta", customer, question);
        var reply = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            to = customer,
            context = new { message_id = asked.MessageId },
            type = "text",
            text = new { body = "Friday at 7 pm\nworks for us." },
        }));
        var replyId = (await reply.JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        var back = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business = SandboxHost.PhoneNumberId, customer, text = "Great", replyTo = replyId }, Token);
        back.EnsureSuccessStatusCode();

        var messages = (await ConversationAsync(customer)).GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("text").GetString()!);
        var preview = messages["Friday at 7 pm\nworks for us."].GetProperty("replyToPreview").GetString()!;
        Assert.Equal(80, preview.Length);
        Assert.StartsWith("Could I book a table for four on Friday evening", preview, StringComparison.Ordinal);
        Assert.EndsWith("…", preview, StringComparison.Ordinal);
        Assert.Equal("Friday at 7 pm works for us.", messages["Great"].GetProperty("replyToPreview").GetString());
        Assert.Equal(JsonValueKind.Null, messages[question].GetProperty("replyToPreview").ValueKind);
    }

    [Fact]
    public async Task A_template_send_shows_the_template_text_with_its_values_for_both_providers()
    {
        var registered = await Sandbox.Client.PutAsJsonAsync($"/sandbox/api/templates/meta/{SandboxHost.PhoneNumberId}/follow_up/en",
            new { category = "utility", body = "Hi {{1}}, your table for {{2}} is ready." }, Token);
        registered.EnsureSuccessStatusCode();
        const string contentSid = "HX0123456789abcdef0123456789abcdef";
        var content = await Sandbox.Client.PutAsJsonAsync($"/sandbox/api/templates/twilio/{SandboxHost.AccountSid}/{contentSid}",
            new { friendlyName = "follow_up", language = "en", body = "Hi {{1}}, see you at {{2}}." }, Token);
        content.EnsureSuccessStatusCode();
        var customer = SandboxHost.NewCustomer();

        var meta = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", Template(customer, "follow_up", "Ana", "4"));
        var tooFew = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", Template(customer, "follow_up", "Ana"));
        var unknown = await Sandbox.GraphPostAsync(SandboxHost.PhoneNumberId + "/messages", Template(customer, "not_told", "x"));
        var twilio = await Sandbox.TwilioSendAsync([
            new("From", "whatsapp:" + SandboxHost.TwilioNumber), new("To", "whatsapp:" + customer),
            new("ContentSid", contentSid), new("ContentVariables", """{"1":"Ana","2":"8 pm"}"""),
        ]);

        Assert.Equal(HttpStatusCode.OK, meta.StatusCode);
        await tooFew.GraphErrorAsync(400, 132000);
        // As Meta answers: a template the number's business account does not have is refused, and nothing shows on the phone.
        await unknown.GraphErrorAsync(404, 132001);
        Assert.Equal(HttpStatusCode.Created, twilio.StatusCode);
        // Listed by last change (statuses move a message on), so compared as a set.
        var metaTexts = (await ConversationAsync(customer)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(["Hi Ana, your table for 4 is ready."], metaTexts);
        var twilioSnapshot = await Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/conversations/twilio/{Uri.EscapeDataString(SandboxHost.TwilioNumber)}/{Uri.EscapeDataString(customer)}", Token);
        Assert.Equal("Hi Ana, see you at 8 pm.", Assert.Single(twilioSnapshot.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        var listed = await Sandbox.Client.GetFromJsonAsync<JsonElement>("/sandbox/api/templates", Token);
        Assert.Contains(listed.GetProperty("meta").EnumerateArray(), t => t.GetProperty("name").GetString() == "follow_up");
        Assert.Contains(listed.GetProperty("twilio").EnumerateArray(), t => t.GetProperty("contentSid").GetString() == contentSid);
    }

    [Fact]
    public async Task Attachments_up_to_whatsapps_limits_are_accepted_and_delivered()
    {
        var customer = SandboxHost.NewCustomer();
        var image = await UploadAsync("image", "image/jpeg", 16 * MiB, "photo.jpg");
        var document = await UploadAsync("document", "application/pdf", 100 * MiB, "menu.pdf");
        Assert.Equal(HttpStatusCode.Created, image.StatusCode);
        Assert.Equal(HttpStatusCode.Created, document.StatusCode);
        var documentId = (await document.JsonAsync()).GetProperty("id").GetString()!;

        var sent = await Sandbox.Client.PostAsJsonAsync("/sandbox/api/simulate/meta",
            new { business = SandboxHost.PhoneNumberId, customer, text = "our menu", media = new { id = documentId } }, Token);

        sent.EnsureSuccessStatusCode();
        var webhook = await Sandbox.Receiver.WaitForAsync(w => w.BodyText.Contains(documentId, StringComparison.Ordinal));
        var delivered = JsonDocument.Parse(webhook.Body).RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("messages")[0];
        Assert.Equal("document", delivered.GetProperty("type").GetString());
        Assert.Equal("menu.pdf", delivered.GetProperty("document").GetProperty("filename").GetString());
        var info = await (await Sandbox.GraphGetAsync(documentId)).JsonAsync();
        Assert.Equal(100 * MiB, info.GetProperty("file_size").GetInt64());
        Assert.Equal(100 * MiB, new FileInfo(Path.Combine(Sandbox.MediaDirectory, documentId)).Length);
    }

    [Theory]
    [InlineData("document", "application/pdf", 101 * MiB, "at most 100 MB")]
    [InlineData("image", "image/jpeg", 16 * MiB + 1, "at most 16 MB")]
    public async Task Attachments_over_whatsapps_limits_are_refused_with_413_and_the_limit(string kind, string mimeType, long size, string message)
    {
        // The folder is shared by the class's tests: what matters is that this upload left no file.
        var before = Directory.EnumerateFiles(Sandbox.MediaDirectory).ToHashSet();

        var response = await UploadAsync(kind, mimeType, size, "too-big");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(message, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(Sandbox.MediaDirectory), f => !before.Contains(f));
    }

    async Task<HttpResponseMessage> UploadAsync(string kind, string mimeType, long size, string fileName)
    {
        using var content = new GeneratedContent(size, mimeType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sandbox/api/media/meta/{SandboxHost.PhoneNumberId}?kind={kind}&fileName={fileName}") { Content = content };
        // The refusal comes before the body is read: a client that waits for 100 Continue sends none of it.
        request.Headers.ExpectContinue = true;
        return await Sandbox.Client.SendAsync(request, Token);
    }

    Task<JsonElement> ConversationAsync(string customer) =>
        Sandbox.Client.GetFromJsonAsync<JsonElement>($"/sandbox/api/conversations/meta/{SandboxHost.PhoneNumberId}/{Uri.EscapeDataString(customer)}", Token);

    static string Template(string customer, string name, params string[] values) => JsonSerializer.Serialize(new
    {
        messaging_product = "whatsapp",
        to = customer,
        type = "template",
        template = new
        {
            name,
            language = new { code = "en" },
            components = new[] { new { type = "body", parameters = values.Select(v => new { type = "text", text = v }).ToArray() } },
        },
    });
}
