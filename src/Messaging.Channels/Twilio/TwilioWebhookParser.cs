using System.Globalization;
using Messaging.Channels.Inbound;

namespace Messaging.Channels.Twilio;

/// <summary>
/// Reads what Twilio posts to a WhatsApp sender's webhook: an inbound message, or a status
/// callback for a message the business sent (recognized by <c>MessageStatus</c>).
/// </summary>
public static class TwilioWebhookParser
{
    /// <param name="receivedAt">Twilio posts no event time; the receive time stands in.</param>
    public static WebhookParseResult Parse(TwilioForm form, DateTimeOffset receivedAt)
    {
        var sid = form["MessageSid"] ?? form["SmsMessageSid"] ?? form["SmsSid"];
        if (sid is null)
            return WebhookParseResult.Failure("The form has no MessageSid: it is not a Twilio messaging webhook.");

        var status = form["MessageStatus"];
        if (status is not null && status != "received")
            return WebhookParseResult.Success(WebhookBatch.Empty with { Statuses = [ReadStatus(form, sid, status, receivedAt)] });

        if (form["From"] is null || form["To"] is null)
            return WebhookParseResult.Failure("The inbound message has no From or To.");

        return WebhookParseResult.Success(WebhookBatch.Empty with { Messages = [TwilioMessageReader.Read(form, sid, receivedAt)] });
    }

    private static DeliveryStatus ReadStatus(TwilioForm form, string sid, string rawStatus, DateTimeOffset receivedAt)
    {
        var errorCode = form["ErrorCode"];
        ProviderError[] errors = errorCode is null
            ? []
            : [new ProviderError(
                int.TryParse(errorCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null,
                Title: null,
                form["ErrorMessage"],
                Details: null)];

        return new DeliveryStatus(
            PhoneNumbers.ToE164(form["From"]),
            sid,
            PhoneNumbers.ToE164(form["To"]),
            rawStatus switch
            {
                "accepted" or "scheduled" or "queued" or "sending" => DeliveryState.Queued,
                "sent" => DeliveryState.Sent,
                "delivered" => DeliveryState.Delivered,
                "read" => DeliveryState.Read,
                "failed" or "undelivered" or "canceled" => DeliveryState.Failed,
                _ => DeliveryState.Unknown,
            },
            rawStatus,
            receivedAt)
        {
            Errors = errors,
        };
    }
}
