using System.Collections.Frozen;
using static Messaging.Channels.Errors.SendErrorCategory;

namespace Messaging.Channels.Errors;

/// <summary>The Twilio error codes the product meets on WhatsApp, and what each means for a business.</summary>
internal static class TwilioErrorCodes
{
    public static readonly FrozenDictionary<int, ErrorRule> Rules = new Dictionary<int, ErrorRule>
    {
        [20003] = new(AuthBroken, "Twilio refused the channel's Account SID or Auth Token. Reconnect the channel with valid credentials."),
        [20404] = new(AuthBroken, "Twilio does not know this account or resource. Check the channel's Account SID."),
        [20429] = new(Retryable, "Too many requests were sent to Twilio at once. Sending resumes shortly.", TimeSpan.FromSeconds(5)),
        [20500] = new(Retryable, "Twilio had an internal error. The message will be retried.", TimeSpan.FromSeconds(5)),
        [20503] = new(Retryable, "Twilio was temporarily unavailable. The message will be retried.", TimeSpan.FromSeconds(5)),
        [21211] = new(Recipient, "The recipient's phone number is not valid."),
        [21408] = new(Recipient, "The Twilio account is not allowed to send to the recipient's country. Enable it in Twilio's geo permissions."),
        [21602] = new(Permanent, "The message has no text or media."),
        [21606] = new(AuthBroken, "The channel's sender number cannot send this kind of message. Check the channel's number in Twilio."),
        [21610] = new(Recipient, "The customer has unsubscribed from messages from this number."),
        [21612] = new(Recipient, "Twilio cannot route a message between these two numbers."),
        [21614] = new(Recipient, "The recipient's number is not a valid mobile number."),
        [21617] = new(Permanent, "The message is longer than Twilio accepts."),
        [21656] = new(Permanent, "The template variables are not valid JSON or do not match the template."),
        [21659] = new(AuthBroken, "The channel's sender number does not belong to this Twilio account."),
        [30001] = new(Retryable, "Twilio's sending queue overflowed. The message will be retried.", TimeSpan.FromSeconds(30)),
        [30003] = new(Recipient, "The recipient's phone is unreachable."),
        [30005] = new(Recipient, "The recipient's number is unknown or no longer exists."),
        [30006] = new(Recipient, "The recipient's number is a landline or cannot receive messages."),
        [30007] = new(Permanent, "The message was filtered as spam by the carrier or WhatsApp."),
        [63001] = new(AuthBroken, "WhatsApp refused the credentials Twilio holds for this sender. Check the sender in the Twilio console."),
        [63003] = new(Recipient, "The recipient's number is not on WhatsApp."),
        [63005] = new(Permanent, "WhatsApp did not accept the message content."),
        [63007] = new(AuthBroken, "Twilio has no WhatsApp sender for the channel's number. Check the sender in the Twilio console."),
        [63013] = new(Permanent, "The message breaks WhatsApp's policy."),
        [63016] = new(WindowClosed, "More than 24 hours have passed since the customer last wrote, so only an approved template message can be sent."),
        [63018] = new(Retryable, "This WhatsApp sender is sending faster than allowed. Sending resumes in a moment.", TimeSpan.FromSeconds(10)),
        [63024] = new(Recipient, "The recipient is not a valid WhatsApp user."),
        [63032] = new(Recipient, "WhatsApp did not deliver to this customer because of a restriction on their number."),
        [63038] = new(Retryable, "The account reached its daily message limit. Sending resumes later.", TimeSpan.FromHours(1)),
        [63049] = new(Recipient, "WhatsApp chose not to deliver this marketing message to keep the customer's experience healthy."),
        [63051] = new(AuthBroken, "WhatsApp has locked this business account. Check WhatsApp Manager for the reason."),
        [63112] = new(AuthBroken, "Meta disabled the WhatsApp Business account behind this sender."),
    }.ToFrozenDictionary();
}
