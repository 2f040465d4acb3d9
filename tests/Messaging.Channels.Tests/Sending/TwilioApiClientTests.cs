using System.Net;
using System.Text;
using Messaging.Channels.Errors;
using Messaging.Channels.Twilio;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Messaging.Channels.Tests.Sending;

public sealed class TwilioApiClientTests : IDisposable
{
    private const string Created = """
        { "account_sid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "api_version": "2010-04-01", "body": "Hello", "direction": "outbound-api",
          "from": "whatsapp:+14155238886", "to": "whatsapp:+16315551181", "num_media": "0", "num_segments": "1",
          "sid": "SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "status": "queued",
          "uri": "/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages/SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX.json" }
        """;

    private static readonly TwilioCredentials Credentials = new("AC123", "secret-token", "+14155238886");
    private static readonly string ExpectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC123:secret-token"));

    private readonly RecordingHandler _handler = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    private TwilioApiClient Client() => new(
        new HttpClient(_handler),
        Options.Create(new TwilioApiOptions { BaseUrl = new Uri("https://api.example.test/") }),
        TimeProvider.System,
        NullLogger<TwilioApiClient>.Instance);

    private RecordedRequest Sent => Assert.Single(_handler.Requests);

    private List<KeyValuePair<string, string>> SentFields() =>
        [.. QueryHelpers.ParseQuery("?" + Sent.Body).SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v!)))];

    private void AssertMessagesPost()
    {
        Assert.Equal(HttpMethod.Post, Sent.Method);
        Assert.Equal("https://api.example.test/2010-04-01/Accounts/AC123/Messages.json", Sent.Uri.AbsoluteUri);
        Assert.Equal(ExpectedAuth, Sent.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", Sent.ContentType);
    }

    [Fact]
    public async Task Text_with_status_callback()
    {
        _handler.Respond(HttpStatusCode.Created, Created);
        var result = await Client().SendTextAsync(Credentials, "+16315551181", "Hello & welcome", new Uri("https://hooks.example.com/webhooks/twilio/whatsapp"), _ct);

        Assert.True(result.Succeeded);
        Assert.Equal("SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", result.ProviderMessageId);
        AssertMessagesPost();
        Assert.Equal(
            [new("To", "whatsapp:+16315551181"), new("From", "whatsapp:+14155238886"), new("Body", "Hello & welcome"),
             new("StatusCallback", "https://hooks.example.com/webhooks/twilio/whatsapp")],
            SentFields());
    }

    [Fact]
    public async Task Template_as_content_sid_and_variables()
    {
        _handler.Respond(HttpStatusCode.Created, Created);
        await Client().SendTemplateAsync(Credentials, "whatsapp:+16315551181", "HXb5b62575e6e4ff6129ad7c8efe1f983e",
            new Dictionary<string, string> { ["1"] = "12/1", ["2"] = "3pm" }, cancellationToken: _ct);

        AssertMessagesPost();
        Assert.Equal(
            [new("To", "whatsapp:+16315551181"), new("From", "whatsapp:+14155238886"),
             new("ContentSid", "HXb5b62575e6e4ff6129ad7c8efe1f983e"), new("ContentVariables", """{"1":"12/1","2":"3pm"}""")],
            SentFields());
    }

    [Fact]
    public async Task Several_media_urls()
    {
        _handler.Respond(HttpStatusCode.Created, Created);
        await Client().SendAsync(Credentials, new TwilioMessage("16315551181")
        {
            Body = "menu",
            MediaUrls = [new Uri("https://cdn.example.com/a.jpg"), new Uri("https://cdn.example.com/b.pdf")],
        }, _ct);

        Assert.Equal(["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.pdf"], SentFields().Where(f => f.Key == "MediaUrl").Select(f => f.Value));
    }

    [Fact]
    public async Task Window_closed_error_is_classified()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{ "code": 63016, "message": "Failed to send freeform message because you are outside the allowed window.", "more_info": "https://www.twilio.com/docs/errors/63016", "status": 400 }""");
        var result = await Client().SendTextAsync(Credentials, "+16315551181", "late", cancellationToken: _ct);
        Assert.Equal(SendErrorCategory.WindowClosed, result.Error!.Category);
        Assert.Equal(63016, result.Error.Code);
    }

    [Fact]
    public async Task Bad_credentials_are_auth_broken()
    {
        _handler.Respond(HttpStatusCode.Unauthorized, """{ "code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401 }""");
        var result = await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct);
        Assert.Equal(SendErrorCategory.AuthBroken, result.Error!.Category);
    }

    [Fact]
    public async Task Verify_fetches_the_account()
    {
        _handler.Respond(HttpStatusCode.OK, """{ "sid": "AC123", "friendly_name": "Salon Ana", "status": "active", "type": "Full" }""");
        var check = await Client().VerifyAsync(Credentials, _ct);

        Assert.True(check.Succeeded);
        Assert.Equal("Salon Ana", check.DisplayName);
        Assert.Equal(HttpMethod.Get, Sent.Method);
        Assert.Equal("https://api.example.test/2010-04-01/Accounts/AC123.json", Sent.Uri.AbsoluteUri);
        Assert.Equal(ExpectedAuth, Sent.Authorization);
    }

    [Fact]
    public async Task Verify_reports_a_suspended_account()
    {
        _handler.Respond(HttpStatusCode.OK, """{ "sid": "AC123", "friendly_name": "Salon Ana", "status": "suspended" }""");
        var check = await Client().VerifyAsync(Credentials, _ct);
        Assert.Equal(SendErrorCategory.AuthBroken, check.Error!.Category);
    }

    [Fact]
    public async Task Media_download_sends_credentials_to_twilio_only()
    {
        _handler
            .Respond(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([9, 8]) { Headers = { ContentType = new("image/png") } } })
            .Respond(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([7]) });

        var fromTwilio = await Client().DownloadMediaAsync(Credentials, new Uri("https://api.example.test/2010-04-01/Accounts/AC123/Messages/MM1/Media/ME1"), _ct);
        var elsewhere = await Client().DownloadMediaAsync(Credentials, new Uri("https://evil.example.com/steal"), _ct);

        Assert.Equal([9, 8], fromTwilio.Content);
        Assert.Equal("image/png", fromTwilio.ContentType);
        Assert.Equal(ExpectedAuth, _handler.Requests[0].Authorization);
        Assert.True(elsewhere.Succeeded);
        Assert.Null(_handler.Requests[1].Authorization);
    }

    [Fact]
    public async Task Timeout_is_retryable()
    {
        _handler.Throw(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));
        var result = await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct);
        Assert.True(result.Error!.IsRetryable);
    }

    [Fact]
    public void Credentials_never_print_their_secret() =>
        Assert.DoesNotContain("secret-token", Credentials.ToString(), StringComparison.Ordinal);
}
