using Messaging.Channels.Inbound;
namespace Sandbox.Conversations;

/// <summary>A message as the simulated phone shows it.</summary>
/// <param name="From">"customer" or "business".</param>
/// <param name="Kind">The provider's message type: text, template, interactive, image, reaction, ...</param>
/// <param name="Text">What the phone displays: body, caption, template name and parameters, emoji.</param>
/// <param name="Options">Buttons or list rows offered to the customer.</param>
/// <param name="Status">For business messages: accepted, sent, delivered, read or failed; for customer messages: received or read.</param>
public sealed record ConversationMessage(
    long Sequence,
    string MessageId,
    string From,
    DateTimeOffset At,
    string Kind,
    string Text,
    IReadOnlyList<MessageOption> Options,
    string? MediaUrl,
    string? ReplyTo,
    string Status)
{
    /// <summary>The start of the quoted message's text, when <see cref="ReplyTo"/> is a message of this conversation.</summary>
    public string? ReplyToPreview { get; init; }
}

/// <summary>A reply button or list row the customer can tap; <paramref name="ReplyType"/> is button_reply or list_reply.</summary>
public sealed record MessageOption(string Id, string Title, string ReplyType);

/// <summary>One WhatsApp conversation: a business number and a customer number.</summary>
/// <param name="Business">The Meta phone number id or the Twilio sender (E.164).</param>
/// <param name="Customer">The customer's digits.</param>
public sealed record ConversationKey(string Provider, string Business, string Customer)
{
    public static ConversationKey Create(string provider, string business, string customer)
    {
        var normalizedProvider = provider.ToLowerInvariant();
        var normalizedBusiness = normalizedProvider == Calls.Providers.Twilio ? PhoneNumbers.ToE164(business) : business;
        return new(normalizedProvider, normalizedBusiness, PhoneNumbers.Digits(customer));
    }
}
