namespace Messaging.Channels.Meta;

/// <summary>One channel's Cloud API identity: its access token and business phone number id.</summary>
public sealed record MetaCredentials(string AccessToken, string PhoneNumberId)
{
    // Keeps the token out of logs and exception messages.
    public override string ToString() => $"MetaCredentials {{ PhoneNumberId = {PhoneNumberId} }}";
}
