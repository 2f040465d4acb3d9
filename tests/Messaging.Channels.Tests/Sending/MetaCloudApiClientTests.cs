using System.Net;
using System.Text.Json.Nodes;
using Messaging.Channels.Errors;
using Messaging.Channels.Meta;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Messaging.Channels.Tests.Sending;

public sealed class MetaCloudApiClientTests : IDisposable
{
    private const string Accepted = """
        { "messaging_product": "whatsapp", "contacts": [{ "input": "+16505551234", "wa_id": "16505551234" }],
          "messages": [{ "id": "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" }] }
        """;

    private static readonly MetaCredentials Credentials = new("EAAG-token", "106540352242922");

    private readonly RecordingHandler _handler = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    private MetaCloudApiClient Client(string baseUrl = "https://graph.example.test/") => new(
        new HttpClient(_handler),
        Options.Create(new MetaCloudApiOptions { BaseUrl = new Uri(baseUrl), ApiVersion = "v23.0" }),
        TimeProvider.System,
        NullLogger<MetaCloudApiClient>.Instance);

    private RecordedRequest Sent => Assert.Single(_handler.Requests);

    private static JsonNode Json(string? body) => JsonNode.Parse(body!)!;

    private void AssertMessagesPost(string expectedJson)
    {
        Assert.Equal(HttpMethod.Post, Sent.Method);
        Assert.Equal("https://graph.example.test/v23.0/106540352242922/messages", Sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer EAAG-token", Sent.Authorization);
        Assert.Equal("application/json", Sent.ContentType);
        Assert.True(JsonNode.DeepEquals(Json(expectedJson), Json(Sent.Body)), $"Sent: {Sent.Body}");
    }

    [Fact]
    public async Task Text_with_link_preview_and_quoted_reply()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        var result = await Client().SendTextAsync(Credentials, "+16505551234", "See https://example.com", previewUrl: true, replyToMessageId: "wamid.IN", _ct);

        Assert.True(result.Succeeded);
        Assert.Equal("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", result.ProviderMessageId);
        AssertMessagesPost("""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234", "type": "text",
              "text": { "preview_url": true, "body": "See https://example.com" }, "context": { "message_id": "wamid.IN" } }
            """);
    }

    [Fact]
    public async Task A_username_only_user_is_addressed_by_business_scoped_user_id_in_recipient()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        var result = await Client().SendTextAsync(Credentials, "US.13491208655302741918", "Hello", previewUrl: false, replyToMessageId: null, _ct);

        Assert.True(result.Succeeded);
        AssertMessagesPost("""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "recipient": "US.13491208655302741918", "type": "text",
              "text": { "preview_url": false, "body": "Hello" } }
            """);
    }

    [Theory]
    [InlineData("")]
    [InlineData("whatsapp:")]
    public async Task An_empty_recipient_is_refused_without_a_call(string to)
    {
        var result = await Client().SendTextAsync(Credentials, to, "Hello", previewUrl: false, replyToMessageId: null, _ct);

        Assert.False(result.Succeeded);
        Assert.Equal(SendErrorCategory.Recipient, result.Error!.Category);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Template_with_body_parameters()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        await Client().SendTemplateAsync(Credentials, "16505551234", new MetaTemplate("order_update", "en_US", ["Ana", "#123"]), _ct);
        AssertMessagesPost("""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234", "type": "template",
              "template": { "name": "order_update", "language": { "code": "en_US" },
                "components": [{ "type": "body", "parameters": [{ "type": "text", "text": "Ana" }, { "type": "text", "text": "#123" }] }] } }
            """);
    }

    [Fact]
    public async Task Template_without_parameters_has_no_components()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        await Client().SendTemplateAsync(Credentials, "16505551234", new MetaTemplate("hello_world", "en_US", []), _ct);
        Assert.Null(Json(Sent.Body)["template"]!["components"]);
    }

    [Fact]
    public async Task Reply_buttons()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        var message = new MetaButtonsMessage("Book a slot?", [new("yes", "Yes"), new("no", "No")]) { Header = "Salon", Footer = "Reply anytime" };
        await Client().SendButtonsAsync(Credentials, "16505551234", message, cancellationToken: _ct);
        AssertMessagesPost("""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234", "type": "interactive",
              "interactive": { "type": "button", "header": { "type": "text", "text": "Salon" }, "body": { "text": "Book a slot?" },
                "footer": { "text": "Reply anytime" },
                "action": { "buttons": [ { "type": "reply", "reply": { "id": "yes", "title": "Yes" } },
                                         { "type": "reply", "reply": { "id": "no", "title": "No" } } ] } } }
            """);
    }

    [Fact]
    public async Task List()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        var list = new MetaListMessage("Pick a service", "Services", [new MetaListSection("Hair", [new("cut", "Haircut", "30 min"), new("dye", "Colour")])]);
        await Client().SendListAsync(Credentials, "16505551234", list, cancellationToken: _ct);
        AssertMessagesPost("""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234", "type": "interactive",
              "interactive": { "type": "list", "body": { "text": "Pick a service" },
                "action": { "button": "Services", "sections": [ { "title": "Hair", "rows": [
                  { "id": "cut", "title": "Haircut", "description": "30 min" }, { "id": "dye", "title": "Colour" } ] } ] } } }
            """);
    }

    [Theory]
    [InlineData(MetaMediaKind.Image, """{ "link": "https://cdn.example.com/f", "caption": "c" }""")]
    [InlineData(MetaMediaKind.Video, """{ "link": "https://cdn.example.com/f", "caption": "c" }""")]
    [InlineData(MetaMediaKind.Document, """{ "link": "https://cdn.example.com/f", "caption": "c", "filename": "menu.pdf" }""")]
    [InlineData(MetaMediaKind.Audio, """{ "link": "https://cdn.example.com/f" }""")]
    [InlineData(MetaMediaKind.Sticker, """{ "link": "https://cdn.example.com/f" }""")]
    public async Task Media_by_link(MetaMediaKind kind, string expectedContent)
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        var media = new MetaMediaMessage(kind, new Uri("https://cdn.example.com/f")) { Caption = "c", FileName = "menu.pdf" };
        await Client().SendMediaAsync(Credentials, "16505551234", media, cancellationToken: _ct);

        var type = kind.ToString().ToLowerInvariant();
        AssertMessagesPost($$"""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234", "type": "{{type}}", "{{type}}": {{expectedContent}} }
            """);
    }

    [Fact]
    public async Task Reaction()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        await Client().SendReactionAsync(Credentials, "16505551234", "wamid.IN", "👍", _ct);
        AssertMessagesPost("""
            { "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234", "type": "reaction",
              "reaction": { "message_id": "wamid.IN", "emoji": "👍" } }
            """);
    }

    [Fact]
    public async Task Mark_as_read()
    {
        _handler.Respond(HttpStatusCode.OK, """{ "success": true }""");
        var result = await Client().MarkAsReadAsync(Credentials, "wamid.IN", cancellationToken: _ct);
        Assert.True(result.Succeeded);
        AssertMessagesPost("""{ "messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN" }""");
    }

    [Fact]
    public async Task Mark_as_read_with_typing_indicator()
    {
        _handler.Respond(HttpStatusCode.OK, """{ "success": true }""");
        await Client().MarkAsReadAsync(Credentials, "wamid.IN", showTyping: true, _ct);
        AssertMessagesPost("""{ "messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN", "typing_indicator": { "type": "text" } }""");
    }

    [Fact]
    public async Task Base_url_with_a_path_keeps_it()
    {
        _handler.Respond(HttpStatusCode.OK, Accepted);
        await Client("http://127.0.0.1:5099/meta").SendTextAsync(Credentials, "16505551234", "hi", cancellationToken: _ct);
        Assert.Equal("http://127.0.0.1:5099/meta/v23.0/106540352242922/messages", Sent.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Verify_looks_up_the_phone_number()
    {
        _handler.Respond(HttpStatusCode.OK, """{ "verified_name": "Salon Ana", "display_phone_number": "+1 555-078-3881", "id": "106540352242922", "quality_rating": "GREEN" }""");
        var check = await Client().VerifyAsync(Credentials, _ct);

        Assert.True(check.Succeeded);
        Assert.Equal("Salon Ana", check.DisplayName);
        Assert.Equal("+1 555-078-3881", check.Detail);
        Assert.Equal(HttpMethod.Get, Sent.Method);
        Assert.Equal("https://graph.example.test/v23.0/106540352242922?fields=display_phone_number,verified_name,quality_rating", Sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer EAAG-token", Sent.Authorization);
    }

    [Fact]
    public async Task Verify_with_an_expired_token_is_auth_broken()
    {
        _handler.Respond(HttpStatusCode.Unauthorized, """
            { "error": { "message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam" } }
            """);
        var check = await Client().VerifyAsync(Credentials, _ct);
        Assert.Equal(SendErrorCategory.AuthBroken, check.Error!.Category);
        Assert.Equal(463, check.Error.Subcode);
    }

    [Fact]
    public async Task Media_download_resolves_the_id_then_fetches_with_the_token()
    {
        _handler
            .Respond(HttpStatusCode.OK, """{ "messaging_product": "whatsapp", "url": "https://lookaside.example.test/whatsapp_business/attachments/?mid=1", "mime_type": "image/jpeg", "sha256": "H", "file_size": 4, "id": "MEDIA_1" }""")
            .Respond(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3, 4]) });

        var download = await Client().DownloadMediaAsync(Credentials, "MEDIA_1", _ct);

        Assert.True(download.Succeeded);
        Assert.Equal([1, 2, 3, 4], download.Content);
        Assert.Equal("image/jpeg", download.ContentType);
        Assert.Equal("https://graph.example.test/v23.0/MEDIA_1", _handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("https://lookaside.example.test/whatsapp_business/attachments/?mid=1", _handler.Requests[1].Uri.AbsoluteUri);
        Assert.All(_handler.Requests, r => Assert.Equal("Bearer EAAG-token", r.Authorization));
    }

    [Fact]
    public async Task Window_closed_error_is_classified()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """
            { "error": { "message": "(#131047) Re-engagement message", "type": "OAuthException", "code": 131047,
                         "error_data": { "messaging_product": "whatsapp", "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
                         "fbtrace_id": "A1" } }
            """);
        var result = await Client().SendTextAsync(Credentials, "16505551234", "late", cancellationToken: _ct);

        Assert.False(result.Succeeded);
        Assert.Equal(SendErrorCategory.WindowClosed, result.Error!.Category);
        Assert.Equal(131047, result.Error.Code);
        Assert.Equal("A1", result.Error.TraceId);
    }

    [Fact]
    public async Task Throttling_uses_retry_after()
    {
        _handler.Respond(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                Content = new StringContent("""{ "error": { "message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429 } }"""),
            };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });
        var result = await Client().SendTextAsync(Credentials, "16505551234", "x", cancellationToken: _ct);
        Assert.Equal(SendErrorCategory.Retryable, result.Error!.Category);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Error.RetryAfter);
    }

    [Fact]
    public async Task Network_failure_is_retryable()
    {
        _handler.Throw(new HttpRequestException("Connection refused"));
        var result = await Client().SendTextAsync(Credentials, "16505551234", "x", cancellationToken: _ct);
        Assert.True(result.Error!.IsRetryable);
    }

    [Fact]
    public async Task A_success_without_a_message_id_is_not_taken_for_a_send()
    {
        _handler.Respond(HttpStatusCode.OK, "<html>proxy page</html>", "text/html");
        var result = await Client().SendTextAsync(Credentials, "16505551234", "x", cancellationToken: _ct);
        Assert.Equal(SendErrorCategory.Permanent, result.Error!.Category);
    }
}
