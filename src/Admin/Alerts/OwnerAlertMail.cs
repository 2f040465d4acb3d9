using Messaging.Tenancy.Members;
using Admin.Email;
using Admin.Tenancy.Data;
using Messaging.Streams.Bus;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Admin.Alerts;

/// <summary>What an alert says: the subject, what happened and what to do, and the console page to do it on.</summary>
public sealed record OwnerAlert(string Subject, string Text, string ConsolePath);

/// <summary>
/// Mails an alert to every owner of a workspace through <see cref="MailSender"/>. Events arrive at
/// least once, so each owner's copy is remembered in Redis by event id once the server took it:
/// a redelivery after a partial failure mails only those who did not get it. When some copy
/// could not be sent the handler throws, so the bus delivers the event again (and dead-letters
/// it, replayable from Delivery problems, when it keeps failing).
/// </summary>
public sealed partial class OwnerAlertMail(
    TenancyDbContext db,
    MailSender mail,
    IConnectionMultiplexer redis,
    IConfiguration configuration,
    ILogger<OwnerAlertMail> logger)
{
    static readonly TimeSpan Remembered = TimeSpan.FromDays(7);

    public async Task SendAsync(Guid workspaceId, EventContext context, Func<WorkspaceRow, OwnerAlert> compose, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken);
        if (workspace is null)
        {
            LogNoWorkspace(logger, context.Envelope.Type, workspaceId);
            return;
        }
        var owners = await (from m in db.Memberships.AsNoTracking()
                            join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                            where m.WorkspaceId == workspaceId && m.Role == WorkspaceRoles.Owner && u.Email != null
                            orderby u.Email
                            select u.Email!).ToListAsync(cancellationToken);
        var alert = compose(workspace);
        var text = alert.Text + "\n\n" + Link(workspace.Slug, alert.ConsolePath) + "\n";
        if (!mail.IsConfigured || owners.Count == 0)
        {
            LogNotMailed(logger, alert.Subject, owners.Count);
            return;
        }
        var database = redis.GetDatabase();
        var failed = 0;
        foreach (var owner in owners)
        {
            var key = $"admin:alert-mail:{context.EventId}:{owner.ToLowerInvariant()}";
            if (await database.KeyExistsAsync(key))
            {
                continue;
            }
            if (await mail.SendAsync(owner, alert.Subject, text, cancellationToken))
            {
                await database.StringSetAsync(key, "sent", Remembered);
            }
            else
            {
                failed++;
            }
        }
        if (failed > 0)
        {
            throw new AlertNotMailedException($"{failed} of {owners.Count} owner(s) of workspace {workspaceId} did not get '{alert.Subject}'; the event is delivered again.");
        }
        LogMailed(logger, alert.Subject, owners.Count);
    }

    /// <summary>The page as an owner opens it from the mail: through the public entry (PUBLIC_BASE_URL), else its path on the console.</summary>
    string Link(string slug, string page)
    {
        var path = $"{AdminExtensions.BasePath}/w/{slug}/{page}";
        return configuration["PUBLIC_BASE_URL"]?.TrimEnd('/') is { Length: > 0 } publicBase
            ? $"Open it in the console: {publicBase}{path}"
            : $"Open it in the console: {path}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {EventType} for workspace {WorkspaceId}, which does not exist: nobody to tell")]
    static partial void LogNoWorkspace(ILogger logger, string eventType, Guid workspaceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert '{Subject}' not mailed: no SMTP server is configured or the workspace has no owner ({Owners} owner(s))")]
    static partial void LogNotMailed(ILogger logger, string subject, int owners);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert '{Subject}' mailed to {Owners} owner(s)")]
    static partial void LogMailed(ILogger logger, string subject, int owners);
}

/// <summary>Some owner's copy of an alert was not accepted by the SMTP server; the bus delivers the event again.</summary>
public sealed class AlertNotMailedException(string message) : Exception(message);
