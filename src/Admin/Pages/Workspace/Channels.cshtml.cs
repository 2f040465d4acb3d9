using Messaging.Tenancy.Urls;
using Admin.Channels;
using Admin.Tenancy;
using Admin.Tenancy.Channels;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Admin.Pages.Workspace;

/// <summary>
/// The workspace's WhatsApp numbers: connect (owners) a Meta number with its own credentials or,
/// when the deployment has one, of the platform Meta app by its phone number id alone; Verify
/// against the provider, test the public webhook end to end, rotate write-only secrets and the
/// verify token (shown once, at creation and rotation), allowlist, switch on or off. Fixing a
/// secret and verifying re-enables a channel the pipeline disabled for bad credentials.
/// </summary>
public sealed partial class ChannelsModel(
    TenantUrlPolicy urls,
    IOptions<PlatformMetaAppOptions> platform,
    TenancyDbContext db,
    TenancyChangeWriter changes,
    TenantSecretProtector secrets,
    ChannelVerifier verifier,
    WebhookRoundTrip roundTrip,
    IConnectionMultiplexer redis,
    ILogger<ChannelsModel> logger) : WorkspacePageModel
{
    public sealed record CheckResult(bool Ok, string Text);

    /// <summary>A verify token just set, shown on this one answer only: it is stored as a hash.</summary>
    public sealed record IssuedToken(Guid ChannelId, string Token)
    {
        public override string ToString() => $"IssuedToken {{ ChannelId = {ChannelId}, Token = (redacted) }}";
    }

    public IReadOnlyList<ChannelRow> Channels { get; private set; } = [];
    public Dictionary<Guid, CheckResult> Results { get; } = [];
    public Dictionary<Guid, string> VerificationCodes { get; } = [];
    public IssuedToken? Issued { get; private set; }

    /// <summary>Whether the deployment has a platform Meta app, so numbers can be added by phone number id alone.</summary>
    public bool PlatformAppAvailable => platform.Value.IsConfigured;
    public string VoiceUrl => roundTrip.PublicBaseUrl is { } b ? new Uri(b, "/webhooks/twilio/voice").ToString() : "(set PUBLIC_BASE_URL)";

    public string WebhookUrl(string provider) => roundTrip.PublicBaseUrl is { } b ? new Uri(b, WebhookRoundTrip.WebhookPath(provider)).ToString() : "(set PUBLIC_BASE_URL)";

    [BindProperty] public Guid ChannelId { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? BaseUrl { get; set; }
    [BindProperty] public string? PhoneNumberId { get; set; }
    [BindProperty] public string? DisplayPhoneNumber { get; set; }
    [BindProperty] public string? WabaId { get; set; }
    [BindProperty] public string? AccessToken { get; set; }
    [BindProperty] public string? AppSecret { get; set; }
    [BindProperty] public string? VerifyToken { get; set; }
    [BindProperty] public string? AccountSid { get; set; }
    [BindProperty] public string? AuthToken { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Allowlist { get; set; }
    [BindProperty] public bool Enabled { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostConnectMetaAsync(CancellationToken cancellationToken) => ConnectAsync(new ChannelRequest(
        Name, "meta", Blank(BaseUrl), true, [], new MetaChannelRequest(PhoneNumberId?.Trim(), Blank(DisplayPhoneNumber), Blank(WabaId), AccessToken, AppSecret, Blank(VerifyToken), null, PlatformApp: false), null), cancellationToken);

    public Task<IActionResult> OnPostConnectPlatformAsync(CancellationToken cancellationToken) => ConnectAsync(new ChannelRequest(
        Name, "meta", null, true, [], new MetaChannelRequest(PhoneNumberId?.Trim(), Blank(DisplayPhoneNumber), null, null, null, null, null, PlatformApp: true), null), cancellationToken);

    public Task<IActionResult> OnPostConnectTwilioAsync(CancellationToken cancellationToken) => ConnectAsync(new ChannelRequest(
        Name, "twilio", Blank(BaseUrl), true, [], null, new TwilioChannelRequest(AccountSid?.Trim(), AuthToken, Number?.Trim())), cancellationToken);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        if (await ChannelAsync(cancellationToken) is not { } channel)
        {
            return NotFound();
        }
        var check = await verifier.VerifyAsync(channel, cancellationToken);
        var health = new ChannelHealthRequest(check.Succeeded ? "healthy" : "failing", check.Error?.Explanation);
        await ChannelsApi.ReportHealthAsync(channel.Id, health, db, changes, Response, cancellationToken);
        LogVerified(logger, channel.Id, check.Succeeded);
        await LoadAsync(cancellationToken);
        Results[channel.Id] = check.Succeeded
            ? new(true, $"Verified: the provider knows this {(channel.Provider == "meta" ? "number" : "account")}" + (check.DisplayName is { } name ? $" as \"{name}\"." : "."))
            : new(false, check.Error!.Explanation);
        return Page();
    }

    public async Task<IActionResult> OnPostTestWebhookAsync(CancellationToken cancellationToken)
    {
        if (await ChannelAsync(cancellationToken) is not { } channel)
        {
            return NotFound();
        }
        var outcome = await roundTrip.RunAsync(channel, cancellationToken);
        await LoadAsync(cancellationToken);
        Results[channel.Id] = new(outcome.Arrived, outcome.Explanation);
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || await ChannelAsync(cancellationToken) is not { } channel)
        {
            return NotFound();
        }
        var allowlist = (Allowlist ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var request = channel.Provider == "meta"
            ? new ChannelRequest(channel.Name, "meta", channel.BaseUrl, Enabled, allowlist,
                new MetaChannelRequest(channel.MetaPhoneNumberId, channel.MetaDisplayPhoneNumber, channel.MetaWabaId, Blank(AccessToken), Blank(AppSecret), null, channel.MetaGraphApiVersion), null)
            : new ChannelRequest(channel.Name, "twilio", channel.BaseUrl, Enabled, allowlist, null,
                new TwilioChannelRequest(channel.TwilioAccountSid, Blank(AuthToken), channel.TwilioNumber));
        var updated = await TenancyCommand.RunAsync<ChannelResponse>(HttpContext, Version,
            () => ChannelsApi.UpdateAsync(channel.Id, request, urls, platform, db, changes, secrets, HttpContext, cancellationToken), ModelState);
        if (updated is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        // A rotated secret may be the fix for a channel disabled for bad credentials: check it now.
        if (Blank(AccessToken) is not null || Blank(AppSecret) is not null || Blank(AuthToken) is not null)
        {
            db.ChangeTracker.Clear();
            return await OnPostVerifyAsync(cancellationToken);
        }
        return Done("Channel saved.");
    }

    /// <summary>A new verify token (the owner's, or generated), shown once with the callback URL to paste into Meta.</summary>
    public async Task<IActionResult> OnPostRotateVerifyTokenAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || await ChannelAsync(cancellationToken) is not { } channel)
        {
            return NotFound();
        }
        var rotated = await TenancyCommand.RunAsync<ChannelResponse>(HttpContext, Version,
            () => ChannelsApi.RotateVerifyTokenAsync(channel.Id, new VerifyTokenRequest(Blank(VerifyToken)), db, changes, HttpContext, cancellationToken), ModelState);
        await LoadAsync(cancellationToken);
        if (rotated?.Meta?.IssuedVerifyToken is not { } token)
        {
            LogRefused(logger, ModelState.ErrorCount);
            return Page();
        }
        LogVerifyTokenRotated(logger, channel.Id);
        Issued = new(channel.Id, token);
        return Page();
    }

    async Task<IActionResult> ConnectAsync(ChannelRequest request, CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner)
        {
            return NotFound();
        }
        var created = await TenancyCommand.RunAsync<ChannelResponse>(HttpContext, null,
            () => ChannelsApi.CreateAsync(Workspace.WorkspaceId, request, urls, platform, db, changes, secrets, Response, cancellationToken), ModelState);
        if (created is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        if (created.Meta?.IssuedVerifyToken is not { } token)
        {
            return Done($"{created.Name} connected. Press Verify to check its credentials with the provider.");
        }
        // Not a redirect: the token must not travel in a cookie, and this answer is the only time it is shown.
        await LoadAsync(cancellationToken);
        Issued = new(Guid.Parse(created.Id), token);
        Notice = $"{created.Name} connected. Paste the callback URL and verify token below into Meta's webhook settings, then press Verify.";
        return Page();
    }

    Task<ChannelRow?> ChannelAsync(CancellationToken cancellationToken) =>
        db.Channels.SingleOrDefaultAsync(c => c.Id == ChannelId && c.WorkspaceId == Workspace.WorkspaceId, cancellationToken);

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Channels = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == Workspace.WorkspaceId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        try
        {
            foreach (var channel in Channels.Where(c => c.Provider == "twilio"))
            {
                var code = await redis.GetDatabase().HashGetAsync($"ingest:verification:{channel.Id}", "code");
                if (!code.IsNullOrEmpty)
                {
                    VerificationCodes[channel.Id] = code.ToString();
                }
            }
        }
        catch (RedisException e)
        {
            LogCodesUnavailable(logger, e.Message);
        }
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId} verified: {Succeeded}")]
    static partial void LogVerified(ILogger logger, Guid channelId, bool succeeded);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verify token of channel {ChannelId} rotated")]
    static partial void LogVerifyTokenRotated(ILogger logger, Guid channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Captured verification codes unavailable: {Reason}")]
    static partial void LogCodesUnavailable(ILogger logger, string reason);
}
