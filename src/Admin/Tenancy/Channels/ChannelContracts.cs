namespace Admin.Tenancy.Channels;

/// <summary>
/// Create or replace a channel. Secrets (accessToken, appSecret, authToken) are required on
/// create; on update, null keeps the stored secret and a value rotates it.
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
    string? GraphApiVersion)
{
    // Secrets stay out of logs and exception messages.
    public override string ToString() => $"MetaChannelRequest {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WabaId = {WabaId}, GraphApiVersion = {GraphApiVersion}, secrets redacted }}";
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

public sealed record MetaChannelResponse(
    string PhoneNumberId,
    string? DisplayPhoneNumber,
    string? WabaId,
    SecretStatus AccessToken,
    SecretStatus AppSecret,
    string VerifyToken,
    string GraphApiVersion)
{
    public override string ToString() => $"MetaChannelResponse {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WabaId = {WabaId}, AccessToken = {AccessToken}, AppSecret = {AppSecret}, GraphApiVersion = {GraphApiVersion}, VerifyToken = (redacted) }}";
}

public sealed record TwilioChannelResponse(string AccountSid, SecretStatus AuthToken, string Number);

public sealed record ChannelHealthResponse(string Status, string? LastError, DateTimeOffset? CheckedAt);
