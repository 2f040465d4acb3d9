using Twilio.Exceptions;
using TwilioResponse = Twilio.Http.Response;

namespace Messaging.Channels.Errors;

/// <summary>
/// What the Twilio SDK throws, as a <see cref="SendError"/>: <see cref="ApiException"/> carries
/// Twilio's code, HTTP status, message and <c>more_info</c>; the raw response (status, body and
/// <c>Retry-After</c>, which the exception drops) fills in what the exception lacks.
/// </summary>
internal static class TwilioExceptionClassifier
{
    /// <param name="response">The response the failed call got, when it got one.</param>
    public static SendError Classify(TwilioException exception, TwilioResponse? response, DateTimeOffset now, string call)
    {
        var retryAfter = response?.Headers is { } headers ? RetryAfterHeader.Read(headers, now) : null;
        int? answeredStatus = response is null ? null : (int)response.StatusCode;

        switch (exception)
        {
            case ApiConnectionException connection:
                return SendErrorClassifier.FromException(WhatsAppProvider.Twilio, connection.InnerException ?? connection);

            // Twilio's own error body: {"code","message","more_info","status"}.
            case ApiException { Code: not 0 } api:
                return SendErrorClassifier.FromTwilioCode(api.Code, api.Message, api.Status != 0 ? api.Status : answeredStatus, retryAfter) with
                {
                    Details = api.MoreInfo,
                };

            // RFC 9457 problem details, which newer Twilio APIs answer with.
            case ApiStandardException problem:
                return SendErrorClassifier.FromTwilioCode(problem.Code == 0 ? null : problem.Code, problem.Detail ?? problem.Title,
                    problem.Status != 0 ? problem.Status : answeredStatus, retryAfter) with
                {
                    Details = problem.Type,
                };
        }

        // No Twilio error in the body (an HTML page from a proxy, an empty 503) or a success the
        // SDK could not read: the status and body decide, as for any provider.
        return answeredStatus is >= 400
            ? SendErrorClassifier.FromTwilioResponse(answeredStatus.Value, response!.Content, retryAfter)
            : new SendError(WhatsAppProvider.Twilio, SendErrorCategory.Permanent, null,
                $"Twilio answered {call} in a way the product does not understand.", exception.Message) { HttpStatus = answeredStatus };
    }
}
