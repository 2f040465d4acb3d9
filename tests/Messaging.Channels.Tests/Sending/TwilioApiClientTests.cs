using System.Net;
using System.Text;
using Messaging.Channels.Errors;
using Messaging.Channels.Twilio;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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

    private TwilioApiClient Client(string baseUrl = "https://api.example.test/") => new(
        new FixedHandlerFactory(_handler),
        Options.Create(new TwilioApiOptions { BaseUrl = new Uri(baseUrl) }),
        _time,
        NullLogger<TwilioApiClient>.Instance);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private RecordedRequest Sent => Assert.Single(_handler.Requests);

    private List<KeyValuePair<string, string>> SentFields() =>
        [.. QueryHelpers.ParseQuery("?" + Sent.Body).SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v!)))];

    // The SDK chooses the order of the form fields; Twilio reads them by name.
    private void AssertFields(KeyValuePair<string, string>[] expected) =>
        Assert.Equal(expected.OrderBy(f => f.Key).ThenBy(f => f.Value), SentFields().OrderBy(f => f.Key).ThenBy(f => f.Value));

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
        AssertFields(
            [new("To", "whatsapp:+16315551181"), new("From", "whatsapp:+14155238886"), new("Body", "Hello & welcome"),
             new("StatusCallback", "https://hooks.example.com/webhooks/twilio/whatsapp")]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("whatsapp:")]
    [InlineData("US.13491208655302741918")]
    public async Task A_recipient_without_a_phone_number_is_refused_without_a_call(string to)
    {
        var result = await Client().SendTextAsync(Credentials, to, "Hello", cancellationToken: _ct);

        Assert.Equal(SendErrorCategory.Recipient, result.Error!.Category);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Template_as_content_sid_and_variables()
    {
        _handler.Respond(HttpStatusCode.Created, Created);
        await Client().SendTemplateAsync(Credentials, "whatsapp:+16315551181", "HXb5b62575e6e4ff6129ad7c8efe1f983e",
            new Dictionary<string, string> { ["1"] = "12/1", ["2"] = "3pm" }, cancellationToken: _ct);

        AssertMessagesPost();
        AssertFields(
            [new("To", "whatsapp:+16315551181"), new("From", "whatsapp:+14155238886"),
             new("ContentSid", "HXb5b62575e6e4ff6129ad7c8efe1f983e"), new("ContentVariables", """{"1":"12/1","2":"3pm"}""")]);
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
    public async Task Requests_go_through_the_named_client_with_the_sdks_headers()
    {
        _handler.Respond(HttpStatusCode.Created, Created);
        var factory = new FixedHandlerFactory(_handler);
        var client = new TwilioApiClient(factory, Options.Create(new TwilioApiOptions()), _time, NullLogger<TwilioApiClient>.Instance, "agent-channels");
        await client.SendTextAsync(Credentials, "+16315551181", "hi", cancellationToken: _ct);

        Assert.Equal(["agent-channels"], factory.Names);
        Assert.Equal("https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json", Sent.Uri.AbsoluteUri);
        Assert.StartsWith("twilio-csharp/8.2.0", Sent.UserAgent, StringComparison.Ordinal);
        Assert.Equal("application/json", Sent.Accept);
    }

    [Fact]
    public async Task A_base_url_with_a_path_prefix_keeps_it()
    {
        _handler.Respond(HttpStatusCode.Created, Created).Respond(HttpStatusCode.OK, """{ "sid": "AC123", "status": "active" }""");
        await Client("http://sandbox.test:8080/twilio").SendTextAsync(Credentials, "+16315551181", "hi", cancellationToken: _ct);
        await Client("http://sandbox.test:8080/twilio/").VerifyAsync(Credentials, _ct);

        Assert.Equal("http://sandbox.test:8080/twilio/2010-04-01/Accounts/AC123/Messages.json", _handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("http://sandbox.test:8080/twilio/2010-04-01/Accounts/AC123.json", _handler.Requests[1].Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json", "http://sandbox:5000/twilio", "http://sandbox:5000/twilio/2010-04-01/Accounts/AC1/Messages.json")]
    [InlineData("https://API.twilio.com/2010-04-01/Accounts/AC1.json?x=a%2Fb", "https://emulator.test/", "https://emulator.test/2010-04-01/Accounts/AC1.json?x=a%2Fb")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/AC1.json", "https://api.twilio.com/", "https://api.twilio.com/2010-04-01/Accounts/AC1.json")]
    [InlineData("https://media.twiliocdn.com/a.jpg", "http://sandbox:5000/twilio", "https://media.twiliocdn.com/a.jpg")]
    public void Only_requests_to_the_sdks_api_host_are_rebased(string target, string baseUrl, string expected) =>
        Assert.Equal(expected, TwilioBaseUrlHandler.Rebase(new Uri(target), new Uri(baseUrl)).AbsoluteUri);

    [Fact]
    public async Task Twilio_error_details_and_retry_after_are_kept()
    {
        _handler.Respond(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{ "code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429 }""", Encoding.UTF8, "application/json"),
            Headers = { RetryAfter = new(TimeSpan.FromSeconds(7)) },
        });
        var error = (await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct)).Error!;

        Assert.Equal(SendErrorCategory.Retryable, error.Category);
        Assert.Equal(20429, error.Code);
        Assert.Equal(429, error.HttpStatus);
        Assert.Equal("Too Many Requests", error.ProviderMessage);
        Assert.Equal("https://www.twilio.com/docs/errors/20429", error.Details);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task A_retry_after_date_is_read_against_the_time_provider()
    {
        _handler.Respond(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{ "code": 20503, "message": "Service Unavailable", "status": 503 }""", Encoding.UTF8, "application/json"),
            Headers = { RetryAfter = new(_time.GetUtcNow().AddSeconds(90)) },
        });
        var error = (await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct)).Error!;
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
    }

    [Fact]
    public async Task A_server_error_without_a_twilio_body_is_classified_by_its_status()
    {
        _handler.Respond(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>", "text/html");
        var error = (await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct)).Error!;

        Assert.Equal(SendErrorCategory.Retryable, error.Category);
        Assert.Equal(502, error.HttpStatus);
        Assert.Null(error.Code);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
    }

    [Fact]
    public async Task A_success_the_sdk_cannot_read_is_unexpected()
    {
        _handler.Respond(HttpStatusCode.Created, "not json", "text/plain");
        var error = (await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct)).Error!;
        Assert.Equal(SendErrorCategory.Permanent, error.Category);
        Assert.Contains("does not understand", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_failure_is_retryable()
    {
        _handler.Throw(new HttpRequestException("Connection refused"));
        var error = (await Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: _ct)).Error!;
        Assert.True(error.IsRetryable);
        Assert.Contains("could not be reached", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_cancels_the_request_and_throws()
    {
        using var cancellation = new CancellationTokenSource();
        _handler.Respond(() =>
        {
            cancellation.Cancel();
            throw new TaskCanceledException();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client().SendTextAsync(Credentials, "+16315551181", "x", cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Credentials_never_print_their_secret() =>
        Assert.DoesNotContain("secret-token", Credentials.ToString(), StringComparison.Ordinal);
}
