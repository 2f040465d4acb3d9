using System.Net;
using System.Text.Json;
using Messaging.Channels.Inbound;
using Messaging.Channels.Json;
using Messaging.Channels.Sending;

namespace Messaging.Channels.Errors;

/// <summary>
/// Turns whatever a provider answered (an error body, a status-callback error, an HTTP status,
/// an exception) into one <see cref="SendError"/> with a category, a delay and an explanation.
/// </summary>
public static class SendErrorClassifier
{
    private static readonly TimeSpan ServerErrorDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ThrottledDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NetworkDelay = TimeSpan.FromSeconds(2);

    /// <summary>A Graph API error response: <c>{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}</c>.</summary>
    public static SendError FromMetaResponse(int httpStatus, string? body, TimeSpan? retryAfter = null)
    {
        var error = ReadJsonObject(body)?.Object("error");
        if (error is not { } e)
            return FromHttpStatus(WhatsAppProvider.Meta, httpStatus, Truncate(body), retryAfter);

        var classified = FromMetaCode(e.Int32("code"), e.String("message"), httpStatus, retryAfter, e.String("type"));
        return classified with
        {
            Subcode = e.Int32("error_subcode"),
            Details = e.Object("error_data").String("details"),
            TraceId = e.String("fbtrace_id"),
        };
    }

    /// <summary>A Twilio REST error response: <c>{"code","message","more_info","status"}</c>.</summary>
    public static SendError FromTwilioResponse(int httpStatus, string? body, TimeSpan? retryAfter = null)
    {
        if (ReadJsonObject(body) is not { } error)
            return FromHttpStatus(WhatsAppProvider.Twilio, httpStatus, Truncate(body), retryAfter);

        return FromTwilioCode(error.Int32("code"), error.String("message"), httpStatus, retryAfter) with
        {
            Details = error.String("more_info"),
        };
    }

    /// <summary>An error carried by a status webhook (a failed or undelivered message).</summary>
    public static SendError FromProviderError(WhatsAppProvider provider, ProviderError error)
    {
        var message = error.Message ?? error.Title;
        var classified = provider == WhatsAppProvider.Meta
            ? FromMetaCode(error.Code, message, httpStatus: null, retryAfter: null)
            : FromTwilioCode(error.Code, message, httpStatus: null, retryAfter: null);
        return classified with { Details = error.Details ?? classified.Details };
    }

    public static SendError FromMetaCode(int? code, string? message, int? httpStatus = null, TimeSpan? retryAfter = null, string? errorType = null)
    {
        if (code is { } known && MetaErrorCodes.Rules.TryGetValue(known, out var rule))
            return FromRule(WhatsAppProvider.Meta, rule, code, message, httpStatus, retryAfter);

        // Graph API reports every token problem as an OAuthException, whatever the code.
        if (errorType == "OAuthException" && httpStatus is null or 401 or 403)
            return new SendError(WhatsAppProvider.Meta, SendErrorCategory.AuthBroken, code,
                "WhatsApp refused the channel's access token. Reconnect the channel.", message) { HttpStatus = httpStatus };

        return FromHttpStatus(WhatsAppProvider.Meta, httpStatus, message, retryAfter) with { Code = code };
    }

    public static SendError FromTwilioCode(int? code, string? message, int? httpStatus = null, TimeSpan? retryAfter = null)
    {
        if (code is { } known && TwilioErrorCodes.Rules.TryGetValue(known, out var rule))
            return FromRule(WhatsAppProvider.Twilio, rule, code, message, httpStatus, retryAfter);

        return FromHttpStatus(WhatsAppProvider.Twilio, httpStatus, message, retryAfter) with { Code = code };
    }

    /// <summary>Classification by HTTP status alone, for answers without a usable error body.</summary>
    public static SendError FromHttpStatus(WhatsAppProvider provider, int? httpStatus, string? message, TimeSpan? retryAfter = null)
    {
        var name = ProviderName(provider);
        var (category, explanation, delay) = httpStatus switch
        {
            (int)HttpStatusCode.TooManyRequests => (SendErrorCategory.Retryable, $"{name} asked to slow down. Sending resumes shortly.", ThrottledDelay),
            (int)HttpStatusCode.RequestTimeout => (SendErrorCategory.Retryable, $"{name} took too long to answer. The message will be retried.", NetworkDelay),
            >= 500 => (SendErrorCategory.Retryable, $"{name} had a temporary problem. The message will be retried.", ServerErrorDelay),
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden =>
                (SendErrorCategory.AuthBroken, $"{name} refused the channel's credentials. Reconnect the channel.", TimeSpan.Zero),
            _ => (SendErrorCategory.Permanent, $"{name} refused the message{(message is null ? "." : $": {message}")}", TimeSpan.Zero),
        };

        return new SendError(provider, category, null, explanation, message)
        {
            HttpStatus = httpStatus,
            RetryAfter = category == SendErrorCategory.Retryable ? retryAfter ?? delay : null,
        };
    }

    /// <summary>
    /// A send that got no answer: timeouts and network failures are always worth retrying; a
    /// request the deployment refused to make (<see cref="RequestRefusedException"/>, however the
    /// HTTP stack wrapped it) is not, since nothing was sent and nothing will change on its own.
    /// </summary>
    public static SendError FromException(WhatsAppProvider provider, Exception exception)
    {
        if (RefusalIn(exception) is { } refused)
        {
            return new SendError(provider, SendErrorCategory.Permanent, null,
                "This deployment does not send to the channel's provider URL, so the message was not sent and will not be retried: "
                + $"{refused.Message} Correct the channel's base URL, or ask whoever runs the deployment to allow its host.", refused.Message);
        }
        var name = ProviderName(provider);
        var explanation = exception is TaskCanceledException or TimeoutException
            ? $"{name} did not answer in time. The message will be retried."
            : $"{name} could not be reached. The message will be retried.";
        return new SendError(provider, SendErrorCategory.Retryable, null, explanation, exception.Message) { RetryAfter = NetworkDelay };
    }

    private static RequestRefusedException? RefusalIn(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is RequestRefusedException refused)
                return refused;
        }
        return null;
    }

    private static SendError FromRule(WhatsAppProvider provider, ErrorRule rule, int? code, string? message, int? httpStatus, TimeSpan? retryAfter) =>
        new(provider, rule.Category, code, rule.Explanation, message)
        {
            HttpStatus = httpStatus,
            RetryAfter = rule.Category == SendErrorCategory.Retryable ? retryAfter ?? rule.Delay ?? ServerErrorDelay : null,
        };

    private static string ProviderName(WhatsAppProvider provider) => provider == WhatsAppProvider.Meta ? "WhatsApp" : "Twilio";

    private static JsonElement? ReadJsonObject(string? body) =>
        string.IsNullOrWhiteSpace(body) ? null : JsonElementReading.ParseObject(System.Text.Encoding.UTF8.GetBytes(body));

    /// <summary>A non-JSON body (an HTML error page) is kept short enough for a log line.</summary>
    private static string? Truncate(string? body) =>
        string.IsNullOrWhiteSpace(body) ? null : body.Length <= 300 ? body : body[..300] + "…";
}
