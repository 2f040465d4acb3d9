namespace Sandbox.Accounts;

/// <summary>An emulated Twilio account; <see cref="WhatsAppNumbers"/> are E.164 with the plus.</summary>
public sealed record TwilioAccount(
    string AccountSid,
    string AuthToken,
    string FriendlyName,
    IReadOnlyList<string> WhatsAppNumbers,
    Uri WebhookUrl,
    DateTimeOffset CreatedAt)
{
    public override string ToString() => $"TwilioAccount {{ AccountSid = {AccountSid}, FriendlyName = {FriendlyName}, WebhookUrl = {WebhookUrl}, AuthToken = (redacted) }}";
}
