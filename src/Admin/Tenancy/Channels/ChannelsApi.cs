using Messaging.Tenancy.Urls;
using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Admin.Tenancy.Channels;

public static class ChannelsApi
{
    public static RouteGroupBuilder MapChannelsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspaceId:guid}/channels", CreateAsync);
        api.MapGet("/workspaces/{workspaceId:guid}/channels", ListAsync);
        api.MapGet("/channels/{channelId:guid}", GetAsync);
        api.MapPut("/channels/{channelId:guid}", UpdateAsync);
        api.MapPut("/channels/{channelId:guid}/health", ReportHealthAsync);
        api.MapPost("/channels/{channelId:guid}/verify-token", RotateVerifyTokenAsync);
        api.MapDelete("/channels/{channelId:guid}", DeleteAsync);
        return api;
    }

    internal static async Task<IResult> CreateAsync(Guid workspaceId, ChannelRequest? request, TenantUrlPolicy urls, IOptions<PlatformMetaAppOptions> platform, TenancyDbContext db, TenancyChangeWriter changes, TenantSecretProtector secrets, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (ChannelValidator.Validate(request, existingProvider: null, urls, errors, platformAppConfigured: platform.Value.IsConfigured) is not { } valid)
        {
            return TenancyProblems.Invalid(errors);
        }
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var row = new ChannelRow
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspaceId,
            Name = valid.Name,
            Provider = TenancyCodes.ToCode(valid.Provider),
            HealthStatus = TenancyCodes.ToCode(ChannelHealth.Unknown),
            Version = 1,
            CreatedAt = changes.Now,
        };
        // The owner pastes the verify token into Meta's webhook settings; an own-credentials number without one gets a strong one.
        var issuedVerifyToken = valid.Meta is { PlatformApp: false } meta ? meta.VerifyToken ?? VerifyTokenHash.Generate() : null;
        Apply(row, valid, issuedVerifyToken, secrets, changes.Now);
        db.Channels.Add(row);
        changes.Record(workspaceId, TenancyEntity.Channel, row.Id.ToString(), row.Id, row.Version);
        if (await changes.SaveAsync("channel", null, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Created($"{TenancyApi.BasePath}/channels/{row.Id}", ToResponse(row, issuedVerifyToken));
    }

    internal static async Task<IResult> ListAsync(Guid workspaceId, TenancyDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var rows = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToResponse).ToList());
    }

    internal static async Task<IResult> GetAsync(Guid channelId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    internal static async Task<IResult> UpdateAsync(Guid channelId, ChannelRequest? request, TenantUrlPolicy urls, IOptions<PlatformMetaAppOptions> platform, TenancyDbContext db, TenancyChangeWriter changes, TenantSecretProtector secrets, HttpContext http, CancellationToken cancellationToken)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var ifMatch, out var malformed))
        {
            return malformed!;
        }
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var row = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        var errors = new ValidationErrors();
        if (ChannelValidator.Validate(request, TenancyCodes.Parse<ChannelProvider>(row.Provider), urls, errors, row.MetaPlatformApp, platform.Value.IsConfigured) is not { } valid)
        {
            return TenancyProblems.Invalid(errors);
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, "channel") is { } precondition)
        {
            return precondition;
        }
        var rotatedVerifyToken = valid.Meta?.VerifyToken;
        Apply(row, valid, rotatedVerifyToken, secrets, changes.Now);
        row.Version++;
        changes.Record(row.WorkspaceId, TenancyEntity.Channel, row.Id.ToString(), row.Id, row.Version);
        if (await changes.SaveAsync("channel", ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, row.Version);
        return TypedResults.Ok(ToResponse(row, rotatedVerifyToken));
    }

    /// <summary>
    /// A new verify token for a Meta channel with its own credentials (the owner's, or a generated
    /// one), answered once; the old one stops working as soon as Ingest learns of the change.
    /// </summary>
    internal static async Task<IResult> RotateVerifyTokenAsync(Guid channelId, VerifyTokenRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpContext http, CancellationToken cancellationToken)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var ifMatch, out var malformed))
        {
            return malformed!;
        }
        var errors = new ValidationErrors();
        var chosen = ChannelValidator.ValidateVerifyToken(request ?? new VerifyTokenRequest(null), errors);
        if (!errors.IsValid)
        {
            return TenancyProblems.Invalid(errors);
        }
        var row = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        if (row.Provider != TenancyCodes.ToCode(ChannelProvider.Meta) || row.MetaPlatformApp)
        {
            errors.Add("channel", row.MetaPlatformApp
                ? "This number uses the platform Meta app, whose verify token is the deployment's (Channels:Meta:Platform:VerifyToken)."
                : "Only Meta channels have a verify token.");
            return TenancyProblems.Invalid(errors);
        }
        if (Preconditions.CheckCurrent(ifMatch, row.Version, "channel") is { } precondition)
        {
            return precondition;
        }
        var token = chosen ?? VerifyTokenHash.Generate();
        (row.MetaVerifyTokenSalt, row.MetaVerifyTokenHash) = VerifyTokenHash.Create(token);
        row.UpdatedAt = changes.Now;
        row.Version++;
        changes.Record(row.WorkspaceId, TenancyEntity.Channel, row.Id.ToString(), row.Id, row.Version);
        if (await changes.SaveAsync("channel", ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, row.Version);
        return TypedResults.Ok(ToResponse(row, token));
    }

    /// <summary>
    /// What the pipeline learned about the channel (a rejected token, a recovered provider).
    /// Machine-reported, so it neither needs nor bumps the version an operator edits against.
    /// </summary>
    internal static async Task<IResult> ReportHealthAsync(Guid channelId, ChannelHealthRequest? request, TenancyDbContext db, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (ChannelValidator.Validate(request, errors) is not { } health)
        {
            return TenancyProblems.Invalid(errors);
        }
        var row = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (row is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        var status = TenancyCodes.ToCode(health.Status);
        var now = changes.Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional, so of two reports racing to the same status only one sees the change.
        var changed = await db.Channels.Where(c => c.Id == channelId && c.HealthStatus != status).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.HealthStatus, status)
            .SetProperty(c => c.HealthError, health.LastError)
            .SetProperty(c => c.HealthCheckedAt, now), cancellationToken) == 1;
        if (!changed)
        {
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.HealthError, health.LastError)
                .SetProperty(c => c.HealthCheckedAt, now), cancellationToken);
        }
        if (changed && health.Status == ChannelHealth.Disabled)
        {
            changes.RecordChannelDisabled(row.WorkspaceId, row.Id, row.Name, health.LastError);
        }
        changes.Record(row.WorkspaceId, TenancyEntity.Channel, row.Id.ToString(), row.Id, row.Version);
        if (await changes.SaveAsync("channel", null, cancellationToken) is { } problem)
        {
            return problem;
        }
        await transaction.CommitAsync(cancellationToken);
        row.HealthStatus = status;
        row.HealthError = health.LastError;
        row.HealthCheckedAt = now;
        Preconditions.SetETag(response, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    static Task<IResult> DeleteAsync(Guid channelId, TenancyDbContext db, TenancyChangeWriter changes, HttpRequest request, CancellationToken cancellationToken) =>
        VersionedDelete.DeleteAsync(db.Channels, channelId, "channel", TenancyEntity.Channel, changes, request, cancellationToken);

    static void Apply(ChannelRow row, ValidChannel valid, string? newVerifyToken, TenantSecretProtector secrets, DateTimeOffset now)
    {
        row.Name = valid.Name;
        row.BaseUrl = valid.BaseUrl?.ToString();
        row.Enabled = valid.Enabled;
        row.Allowlist = valid.Allowlist;
        row.UpdatedAt = now;
        if (valid.Meta is { } meta)
        {
            row.MetaPhoneNumberId = meta.PhoneNumberId;
            row.MetaDisplayPhoneNumber = meta.DisplayPhoneNumber;
            row.MetaWabaId = meta.WabaId;
            row.MetaGraphApiVersion = meta.GraphApiVersion;
            row.MetaPlatformApp = meta.PlatformApp;
            if (newVerifyToken is not null)
            {
                (row.MetaVerifyTokenSalt, row.MetaVerifyTokenHash) = VerifyTokenHash.Create(newVerifyToken);
            }
            if (meta.AccessToken is { } accessToken)
            {
                row.MetaAccessTokenProtected = secrets.Protect(accessToken);
                row.MetaAccessTokenHint = TenantSecretProtector.Hint(accessToken);
            }
            if (meta.AppSecret is { } appSecret)
            {
                row.MetaAppSecretProtected = secrets.Protect(appSecret);
                row.MetaAppSecretHint = TenantSecretProtector.Hint(appSecret);
            }
        }
        if (valid.Twilio is { } twilio)
        {
            row.TwilioAccountSid = twilio.AccountSid;
            row.TwilioNumber = twilio.Number;
            if (twilio.AuthToken is { } authToken)
            {
                row.TwilioAuthTokenProtected = secrets.Protect(authToken);
                row.TwilioAuthTokenHint = TenantSecretProtector.Hint(authToken);
            }
        }
    }

    static ChannelResponse ToResponse(ChannelRow row) => ToResponse(row, null);

    static ChannelResponse ToResponse(ChannelRow row, string? issuedVerifyToken) => new(
        row.Id.ToString(),
        row.WorkspaceId.ToString(),
        row.Name,
        row.Provider,
        row.BaseUrl,
        row.Enabled,
        row.Allowlist,
        row.MetaPhoneNumberId is { } phoneNumberId
            ? new MetaChannelResponse(
                phoneNumberId,
                row.MetaDisplayPhoneNumber,
                row.MetaWabaId,
                row.MetaPlatformApp,
                Status(row.MetaAccessTokenProtected, row.MetaAccessTokenHint),
                Status(row.MetaAppSecretProtected, row.MetaAppSecretHint),
                new SecretStatus(row.MetaVerifyTokenHash is not null, null),
                row.MetaGraphApiVersion ?? ChannelValidator.DefaultGraphApiVersion,
                issuedVerifyToken)
            : null,
        row.TwilioAccountSid is { } accountSid
            ? new TwilioChannelResponse(accountSid, Status(row.TwilioAuthTokenProtected, row.TwilioAuthTokenHint), row.TwilioNumber ?? "")
            : null,
        new ChannelHealthResponse(row.HealthStatus, row.HealthError, row.HealthCheckedAt),
        row.Version,
        row.CreatedAt,
        row.UpdatedAt);

    static SecretStatus Status(string? protectedValue, string? hint) => new(protectedValue is not null, hint);
}
