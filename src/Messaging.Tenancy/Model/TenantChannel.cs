using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;

namespace Messaging.Tenancy.Model;

/// <summary>A channel as Ingest and Agent use it, with its secrets decrypted.</summary>
public sealed record TenantChannel(
    string Id,
    string WorkspaceId,
    string Name,
    ChannelProvider Provider,
    bool Enabled,
    Uri? BaseUrl,
    IReadOnlySet<string> Allowlist,
    MetaChannelSettings? Meta,
    TwilioChannelSettings? Twilio,
    ChannelHealth Health,
    long Version)
{
    /// <summary>An empty allowlist lets everyone through; otherwise only the listed numbers (compared by digits).</summary>
    public bool Allows(string phoneNumber) => Allowlist.Count == 0 || Allowlist.Contains(PhoneNumbers.Digits(phoneNumber));
}

/// <summary>
/// Meta WhatsApp Cloud API identifiers and credentials of a channel: its own, or, for a number of
/// the deployment's platform app (<see cref="UsesPlatformApp"/>), the platform's token and secret.
/// </summary>
public sealed record MetaChannelSettings(
    string PhoneNumberId,
    string? DisplayPhoneNumber,
    string? WabaId,
    string AccessToken,
    string AppSecret,
    string GraphApiVersion,
    bool UsesPlatformApp = false)
{
    // Secrets stay out of logs and exception messages.
    public override string ToString() => $"MetaChannelSettings {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WabaId = {WabaId}, GraphApiVersion = {GraphApiVersion}, UsesPlatformApp = {UsesPlatformApp}, secrets redacted }}";
}

/// <summary>Twilio account and WhatsApp sender of a channel; <see cref="Number"/> is "whatsapp:+E164".</summary>
public sealed record TwilioChannelSettings(string AccountSid, string AuthToken, string Number)
{
    public override string ToString() => $"TwilioChannelSettings {{ AccountSid = {AccountSid}, Number = {Number}, AuthToken = (redacted) }}";
}
