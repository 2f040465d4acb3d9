using System.Collections.Frozen;
using static Messaging.Channels.Errors.SendErrorCategory;

namespace Messaging.Channels.Errors;

/// <summary>The Cloud API and Graph API error codes the product meets, and what each means for a business.</summary>
internal static class MetaErrorCodes
{
    public static readonly FrozenDictionary<int, ErrorRule> Rules = new Dictionary<int, ErrorRule>
    {
        [0] = new(AuthBroken, "WhatsApp refused the channel's access token. Reconnect the channel with a valid token."),
        [1] = new(Retryable, "WhatsApp had a temporary problem. The message will be retried.", TimeSpan.FromSeconds(5)),
        [2] = new(Retryable, "WhatsApp's service was temporarily unavailable. The message will be retried.", TimeSpan.FromSeconds(5)),
        [3] = new(AuthBroken, "The channel's access token lacks a permission WhatsApp requires. Reconnect it with the whatsapp_business_messaging permission."),
        [4] = new(Retryable, "Too many requests were made with this app in a short time. Sending resumes shortly.", TimeSpan.FromMinutes(1)),
        [10] = new(AuthBroken, "The channel's access token is not allowed to use this phone number. Reconnect the channel."),
        [33] = new(AuthBroken, "WhatsApp does not know this channel's phone number id. Check the channel settings."),
        [100] = new(Permanent, "WhatsApp rejected the message as invalid (a wrong or unsupported parameter)."),
        [190] = new(AuthBroken, "The channel's access token has expired or was revoked. Reconnect the channel with a new token."),
        [200] = new(AuthBroken, "The channel's access token lacks permission for this action. Reconnect the channel."),
        [368] = new(AuthBroken, "WhatsApp has temporarily blocked this account for policy violations. Check WhatsApp Manager."),
        [1013] = new(Recipient, "This recipient is not a valid WhatsApp user."),
        [80007] = new(Retryable, "The WhatsApp Business account hit its rate limit. Sending resumes shortly.", TimeSpan.FromMinutes(1)),
        [130429] = new(Retryable, "This number is sending faster than WhatsApp allows. Sending resumes in a moment.", TimeSpan.FromSeconds(10)),
        [130472] = new(Recipient, "WhatsApp did not deliver to this customer because their number is part of a WhatsApp experiment."),
        [130497] = new(Recipient, "WhatsApp does not allow this business to message customers in the recipient's country."),
        [131000] = new(Retryable, "WhatsApp failed to send the message for an unknown reason. It will be retried.", TimeSpan.FromSeconds(5)),
        [131005] = new(AuthBroken, "WhatsApp denied access: the channel's token lacks the needed permission. Reconnect the channel."),
        [131008] = new(Permanent, "The message was missing a required field."),
        [131009] = new(Permanent, "The message contained a value WhatsApp does not accept."),
        [131016] = new(Retryable, "WhatsApp was temporarily overloaded. The message will be retried.", TimeSpan.FromSeconds(30)),
        [131021] = new(Recipient, "A channel cannot send a message to its own number."),
        [131026] = new(Recipient, "The message could not be delivered: the recipient may not use WhatsApp, may use an old app version, or has not accepted WhatsApp's terms."),
        [131030] = new(Recipient, "This number is not in the test number's list of allowed recipients. Add it in the Meta developer console, or use a production number."),
        [131031] = new(AuthBroken, "WhatsApp has locked this business account. Check WhatsApp Manager for the reason."),
        [131037] = new(AuthBroken, "The number's display name has not been approved by WhatsApp yet."),
        [131042] = new(AuthBroken, "WhatsApp could not charge the business account: fix the payment method in WhatsApp Manager."),
        [131045] = new(AuthBroken, "The phone number is not registered with the Cloud API. Finish its registration."),
        [131047] = new(WindowClosed, "More than 24 hours have passed since the customer last wrote, so only an approved template message can be sent."),
        [131048] = new(Retryable, "WhatsApp limited sending from this number because many messages were blocked or reported. Sending resumes later.", TimeSpan.FromMinutes(15)),
        [131049] = new(Recipient, "WhatsApp chose not to deliver this marketing message to keep the customer's experience healthy."),
        [131050] = new(Recipient, "The customer has stopped marketing messages from this business."),
        [131051] = new(Permanent, "WhatsApp does not support this message type."),
        [131052] = new(Permanent, "WhatsApp could not download the media the customer sent."),
        [131053] = new(Permanent, "WhatsApp could not fetch the media to send: check that its link is public and the file type is supported."),
        [131056] = new(Retryable, "Too many messages were sent to this customer in a short time. Sending resumes in a moment.", TimeSpan.FromSeconds(6)),
        [131057] = new(Retryable, "The business account is in maintenance. Sending resumes shortly.", TimeSpan.FromMinutes(5)),
        [132000] = new(Permanent, "The template was sent with the wrong number of parameters."),
        [132001] = new(Permanent, "The template does not exist in that language, or is not approved yet."),
        [132005] = new(Permanent, "The template text with its parameters is too long."),
        [132007] = new(Permanent, "The template content breaks WhatsApp's formatting policy."),
        [132012] = new(Permanent, "A template parameter has the wrong format."),
        [132015] = new(Permanent, "The template is paused because of low quality. Edit it or use another one."),
        [132016] = new(Permanent, "The template was disabled because of low quality. Use another one."),
        [133010] = new(AuthBroken, "The phone number is not registered with WhatsApp. Finish its registration."),
        [135000] = new(Permanent, "WhatsApp rejected the message because of a problem with its parameters."),
    }.ToFrozenDictionary();
}
