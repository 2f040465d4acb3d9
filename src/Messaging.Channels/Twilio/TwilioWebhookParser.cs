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
        var status = form["MessageStatus"];
        var isStatus = status is not null && status != "received";
        // A status callback comes from the business number, an inbound message goes to it.
        var channel = form[isStatus ? "From" : "To"];
        if (channel is null)
            return WebhookParseResult.Failure(sid is null
                ? "The form has no MessageSid: it is not a Twilio messaging webhook."
                : $"The {(isStatus ? "status callback has no From" : "inbound message has no To")}.");
        var address = PhoneNumbers.ToE164(channel);

        try
        {
            if (sid is null)
                throw new MalformedItemException("The form has no MessageSid.");
            InboundLimits.Id(sid, isStatus ? "status" : "message");
            if (isStatus)
                return WebhookParseResult.Success(WebhookBatch.Empty with { Statuses = [ReadStatus(form, sid, status!, receivedAt)] });
            if (PhoneNumbers.Digits(form["From"]).Length == 0)
                throw new MalformedItemException($"Message {sid} has no sender (From).");
            InboundLimits.Phone(form["From"], $"sender (From) of message {sid}");
            return WebhookParseResult.Success(WebhookBatch.Empty with { Messages = [TwilioMessageReader.Read(form, sid, receivedAt)] });
        }
        catch (MalformedItemException ex)
        {
            return WebhookParseResult.Success(WebhookBatch.Empty with { Rejected = [new RejectedItem(address, InboundLimits.LoggableId(sid), ex.Message)] });
        }
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

        if (PhoneNumbers.Digits(form["To"]).Length == 0)
            throw new MalformedItemException($"The status of {sid} has no recipient (To).");
        InboundLimits.Phone(form["To"], $"recipient (To) of status {sid}");

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
