using Messaging.Channels.Errors;
using Messaging.Channels.Inbound;
using Messaging.Channels.Sending;

namespace Messaging.Channels.Tests.Errors;

public sealed class SendErrorClassifierTests
{
    private static string MetaBody(int code, string type = "OAuthException", int? subcode = null) => $$"""
        { "error": { "message": "(#{{code}}) provider text", "type": "{{type}}", "code": {{code}},
                     {{(subcode is null ? "" : $"\"error_subcode\": {subcode},")}}
                     "error_data": { "messaging_product": "whatsapp", "details": "provider details" },
                     "fbtrace_id": "AbCdEf123" } }
        """;

    [Theory]
    [InlineData(130429, 400, SendErrorCategory.Retryable)]
    [InlineData(131056, 400, SendErrorCategory.Retryable)]
    [InlineData(80007, 400, SendErrorCategory.Retryable)]
    [InlineData(4, 400, SendErrorCategory.Retryable)]
    [InlineData(131000, 500, SendErrorCategory.Retryable)]
    [InlineData(131047, 400, SendErrorCategory.WindowClosed)]
    [InlineData(190, 401, SendErrorCategory.AuthBroken)]
    [InlineData(10, 403, SendErrorCategory.AuthBroken)]
    [InlineData(131031, 400, SendErrorCategory.AuthBroken)]
    [InlineData(131026, 400, SendErrorCategory.Recipient)]
    [InlineData(131030, 400, SendErrorCategory.Recipient)]
    [InlineData(1013, 400, SendErrorCategory.Recipient)]
    [InlineData(131050, 400, SendErrorCategory.Recipient)]
    [InlineData(100, 400, SendErrorCategory.Permanent)]
    [InlineData(132001, 404, SendErrorCategory.Permanent)]
    [InlineData(999999, 400, SendErrorCategory.Permanent)]
    [InlineData(999999, 503, SendErrorCategory.Retryable)]
    public void Meta_codes(int code, int httpStatus, SendErrorCategory expected)
    {
        var error = SendErrorClassifier.FromMetaResponse(httpStatus, MetaBody(code));
        Assert.Equal(expected, error.Category);
        Assert.Equal(code, error.Code);
        Assert.Equal(WhatsAppProvider.Meta, error.Provider);
        Assert.Equal(httpStatus, error.HttpStatus);
        Assert.False(string.IsNullOrWhiteSpace(error.Explanation));
        Assert.Equal(expected == SendErrorCategory.Retryable, error.RetryAfter is not null);
    }

    [Fact]
    public void Meta_error_body_fields_are_kept()
    {
        var error = SendErrorClassifier.FromMetaResponse(401, MetaBody(190, subcode: 463));
        Assert.Equal(SendErrorCategory.AuthBroken, error.Category);
        Assert.Equal(463, error.Subcode);
        Assert.Equal("(#190) provider text", error.ProviderMessage);
        Assert.Equal("provider details", error.Details);
        Assert.Equal("AbCdEf123", error.TraceId);
        Assert.Contains("token", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_oauth_exception_means_the_token_is_broken() =>
        Assert.Equal(SendErrorCategory.AuthBroken, SendErrorClassifier.FromMetaResponse(401, MetaBody(467_000)).Category);

    [Fact]
    public void Window_closed_explains_the_24_hour_rule()
    {
        var error = SendErrorClassifier.FromMetaResponse(400, MetaBody(131047));
        Assert.Contains("24 hours", error.Explanation, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
    }

    [Theory]
    [InlineData(20003, 401, SendErrorCategory.AuthBroken)]
    [InlineData(20429, 429, SendErrorCategory.Retryable)]
    [InlineData(63018, 400, SendErrorCategory.Retryable)]
    [InlineData(63016, 400, SendErrorCategory.WindowClosed)]
    [InlineData(63003, 400, SendErrorCategory.Recipient)]
    [InlineData(21211, 400, SendErrorCategory.Recipient)]
    [InlineData(21614, 400, SendErrorCategory.Recipient)]
    [InlineData(21617, 400, SendErrorCategory.Permanent)]
    [InlineData(12345, 400, SendErrorCategory.Permanent)]
    [InlineData(12345, 500, SendErrorCategory.Retryable)]
    public void Twilio_codes(int code, int httpStatus, SendErrorCategory expected)
    {
        var body = $$"""{ "code": {{code}}, "message": "provider text", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": {{httpStatus}} }""";
        var error = SendErrorClassifier.FromTwilioResponse(httpStatus, body);
        Assert.Equal(expected, error.Category);
        Assert.Equal(code, error.Code);
        Assert.Equal(WhatsAppProvider.Twilio, error.Provider);
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", error.Details);
        Assert.Equal("provider text", error.ProviderMessage);
    }

    [Fact]
    public void Retry_after_from_the_provider_wins_over_the_default()
    {
        var error = SendErrorClassifier.FromMetaResponse(400, MetaBody(130429), TimeSpan.FromSeconds(42));
        Assert.Equal(TimeSpan.FromSeconds(42), error.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), SendErrorClassifier.FromMetaResponse(400, MetaBody(130429)).RetryAfter);
    }

    [Theory]
    [InlineData(429, SendErrorCategory.Retryable)]
    [InlineData(500, SendErrorCategory.Retryable)]
    [InlineData(502, SendErrorCategory.Retryable)]
    [InlineData(408, SendErrorCategory.Retryable)]
    [InlineData(401, SendErrorCategory.AuthBroken)]
    [InlineData(403, SendErrorCategory.AuthBroken)]
    [InlineData(400, SendErrorCategory.Permanent)]
    [InlineData(404, SendErrorCategory.Permanent)]
    public void Bodies_that_are_not_json_fall_back_to_the_http_status(int httpStatus, SendErrorCategory expected)
    {
        Assert.Equal(expected, SendErrorClassifier.FromMetaResponse(httpStatus, "<html>Bad Gateway</html>").Category);
        Assert.Equal(expected, SendErrorClassifier.FromTwilioResponse(httpStatus, "").Category);
    }

    [Fact]
    public void Timeouts_and_network_errors_are_retryable()
    {
        var timeout = SendErrorClassifier.FromException(WhatsAppProvider.Meta, new TaskCanceledException("timed out"));
        var network = SendErrorClassifier.FromException(WhatsAppProvider.Twilio, new HttpRequestException("connection refused"));
        Assert.True(timeout.IsRetryable);
        Assert.True(network.IsRetryable);
        Assert.NotNull(timeout.RetryAfter);
        Assert.Contains("in time", timeout.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_the_deployment_refused_to_make_is_permanent_however_it_was_wrapped()
    {
        var refused = new RequestRefusedException("The tenant URL http://10.0.0.5 is a private address; nothing was sent.");
        // SocketsHttpHandler wraps what its connect step throws; the Twilio SDK wraps that again.
        var wrapped = new InvalidOperationException("Connection Error", new HttpRequestException(HttpRequestError.ConnectionError, "(10.0.0.5:80)", refused));

        foreach (var error in new[] { SendErrorClassifier.FromException(WhatsAppProvider.Meta, refused), SendErrorClassifier.FromException(WhatsAppProvider.Twilio, wrapped) })
        {
            Assert.Equal(SendErrorCategory.Permanent, error.Category);
            Assert.False(error.IsRetryable);
            Assert.Null(error.RetryAfter);
            Assert.Contains("will not be retried", error.Explanation, StringComparison.Ordinal);
            Assert.Contains("10.0.0.5 is a private address", error.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Status_webhook_errors_are_classified_too()
    {
        Assert.Equal(SendErrorCategory.WindowClosed,
            SendErrorClassifier.FromProviderError(WhatsAppProvider.Meta, new ProviderError(131047, "Re-engagement message", null, "details")).Category);
        Assert.Equal(SendErrorCategory.WindowClosed,
            SendErrorClassifier.FromProviderError(WhatsAppProvider.Twilio, new ProviderError(63016, null, null, null)).Category);
        Assert.Equal(SendErrorCategory.Recipient,
            SendErrorClassifier.FromProviderError(WhatsAppProvider.Meta, new ProviderError(131026, "Message undeliverable", null, null)).Category);
    }

    [Fact]
    public void Every_table_explanation_reads_as_a_sentence()
    {
        var codes = new[] { 0, 1, 2, 3, 4, 10, 33, 100, 190, 200, 368, 1013, 80007, 130429, 131000, 131026, 131047, 131056, 132001 };
        foreach (var code in codes)
        {
            var explanation = SendErrorClassifier.FromMetaCode(code, null).Explanation;
            Assert.EndsWith(".", explanation, StringComparison.Ordinal);
            Assert.DoesNotContain(code.ToString(System.Globalization.CultureInfo.InvariantCulture), explanation, StringComparison.Ordinal);
        }
    }
}
