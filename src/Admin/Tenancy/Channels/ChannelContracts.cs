namespace Admin.Tenancy.Channels;

/// <summary>
/// Create or replace a channel. Secrets (accessToken, appSecret, authToken) are required on
/// create; on update, null keeps the stored secret and a value rotates it. A Meta channel of the
/// deployment's platform app (<c>meta.platformApp: true</c>) has none: its phone number id is enough.
/// A Meta verify token left out on create is generated (and returned once).
/// </summary>
public sealed record ChannelRequest(
    string? Name,
    string? Provider,
    string? BaseUrl,
    bool? Enabled,
    IReadOnlyList<string>? Allowlist,
    MetaChannelRequest? Meta,
    TwilioChannelRequest? Twilio);

public sealed record MetaChannelRequest(
    string? PhoneNumberId,
    string? DisplayPhoneNumber,
    string? WabaId,
    string? AccessToken,
    string? AppSecret,
    string? VerifyToken,
    string? GraphApiVersion,
    bool? PlatformApp = null)
{
    // Secrets stay out of logs and exception messages.
    public override string ToString() => $"MetaChannelRequest {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WabaId = {WabaId}, GraphApiVersion = {GraphApiVersion}, PlatformApp = {PlatformApp}, secrets redacted }}";
}

public sealed record TwilioChannelRequest(string? AccountSid, string? AuthToken, string? Number)
{
    public override string ToString() => $"TwilioChannelRequest {{ AccountSid = {AccountSid}, Number = {Number}, AuthToken = (redacted) }}";
}

public sealed record ChannelHealthRequest(string? Status, string? LastError);

public sealed record ChannelResponse(
    string Id,
    string WorkspaceId,
    string Name,
    string Provider,
    string? BaseUrl,
    bool Enabled,
    IReadOnlyList<string> Allowlist,
    MetaChannelResponse? Meta,
    TwilioChannelResponse? Twilio,
    ChannelHealthResponse Health,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>What the API shows of a secret: whether it is set, and its last 4 characters when it is long.</summary>
public sealed record SecretStatus(bool Configured, string? Last4);

/// <param name="VerifyToken">Only whether one is set: it is stored as a salted hash.</param>
/// <param name="IssuedVerifyToken">The verify token just set, in the answer to the create or rotation that set it, and never again.</param>
public sealed record MetaChannelResponse(
    string PhoneNumberId,
    string? DisplayPhoneNumber,
    string? WabaId,
    bool PlatformApp,
    SecretStatus AccessToken,
    SecretStatus AppSecret,
    SecretStatus VerifyToken,
    string GraphApiVersion,
    string? IssuedVerifyToken = null)
{
    public override string ToString() => $"MetaChannelResponse {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WabaId = {WabaId}, PlatformApp = {PlatformApp}, AccessToken = {AccessToken}, AppSecret = {AppSecret}, VerifyToken = {VerifyToken}, GraphApiVersion = {GraphApiVersion}, IssuedVerifyToken = (redacted) }}";
}

/// <summary>Rotate a Meta channel's verify token: the owner's own, or, without one, a generated one.</summary>
public sealed record VerifyTokenRequest(string? VerifyToken)
{
    public override string ToString() => "VerifyTokenRequest { VerifyToken = (redacted) }";
}

public sealed record TwilioChannelResponse(string AccountSid, SecretStatus AuthToken, string Number);

public sealed record ChannelHealthResponse(string Status, string? LastError, DateTimeOffset? CheckedAt);
