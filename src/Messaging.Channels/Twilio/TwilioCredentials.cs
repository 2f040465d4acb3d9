namespace Messaging.Channels.Twilio;

/// <summary>One channel's Twilio identity: account, auth token and the WhatsApp sender number.</summary>
public sealed record TwilioCredentials(string AccountSid, string AuthToken, string FromNumber)
{
    // Keeps the auth token out of logs and exception messages.
    public override string ToString() => $"TwilioCredentials {{ AccountSid = {AccountSid}, FromNumber = {FromNumber} }}";
}
