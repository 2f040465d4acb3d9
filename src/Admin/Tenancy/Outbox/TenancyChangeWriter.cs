using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Admin.Tenancy.Outbox;

/// <summary>
/// Saves a tenancy change together with its <c>tenancy:changed</c> outbox row, in one
/// transaction, and turns the database's refusals into clear API answers: a stale version is a
/// 412, a taken slug or provider number is a 409, and so is a reference a concurrent change broke.
/// </summary>
public sealed partial class TenancyChangeWriter(
    TenancyDbContext db,
    OutboxWriter<TenancyDbContext> outbox,
    TimeProvider timeProvider,
    OutboxSignal signal,
    ILogger<TenancyChangeWriter> logger)
{
    static readonly Dictionary<string, string> UniqueConstraintMessages = new(StringComparer.Ordinal)
    {
        ["workspaces_slug_key"] = "Another workspace already uses this slug. Choose another one.",
        ["channels_meta_phone_number_id"] = "Another channel already uses this Meta phone number id; webhooks are routed by it, so it can belong to one channel only.",
        ["channels_twilio_number"] = "Another channel already uses this Twilio number; webhooks are routed by it, so it can belong to one channel only.",
        ["templates_workspace_id_name_language_key"] = "The workspace already has a template with this name and language.",
    };

    /// <summary>The references a change can break when another change commits between its checks and its save.</summary>
    static readonly Dictionary<string, string> ForeignKeyMessages = new(StringComparer.Ordinal)
    {
        ["FK_channels_reply_configs_reply_config_id"] = "A number answers with this reply configuration (it was switched to it a moment ago), or the configuration was just deleted. Reload the page and try again.",
    };

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public void Record(Guid workspaceId, TenancyEntity entity, string entityId, Guid? channelId, long revision) =>
        outbox.Add(StreamNames.TenancyChanged, new TenancyChanged(
            workspaceId.ToString(), entity, entityId, channelId?.ToString(), revision, timeProvider.GetUtcNow()));

    /// <summary>In the same transaction as the health change: the owners are told once that the channel stopped working.</summary>
    public void RecordChannelDisabled(Guid workspaceId, Guid channelId, string channelName, string? reason) =>
        outbox.Add(StreamNames.ChannelAlerts, new ChannelDisabled(workspaceId.ToString(), channelId.ToString(), channelName, reason, timeProvider.GetUtcNow()));

    /// <summary>Commits; null on success, otherwise the problem to answer with.</summary>
    public async Task<IResult?> SaveAsync(string resource, long? sentVersion, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogStale(logger, resource, sentVersion);
            return Preconditions.Stale(resource, sentVersion ?? 0, null);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            LogUniqueViolation(logger, resource, unique.ConstraintName);
            if (unique.ConstraintName is { } name && UniqueConstraintMessages.TryGetValue(name, out var message))
            {
                return TenancyProblems.Conflict(message);
            }
            // A primary key: someone else created the same singleton (reply config, persona, AI settings) first.
            return Preconditions.Stale(resource, sentVersion ?? 0, null);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } reference
            && reference.ConstraintName is { } name && ForeignKeyMessages.TryGetValue(name, out var message))
        {
            LogForeignKeyViolation(logger, resource, name);
            return TenancyProblems.Conflict(message);
        }
        signal.Notify();
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a stale change of {Resource} (sent version {Version})")]
    static partial void LogStale(ILogger logger, string resource, long? version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a change of {Resource}: unique constraint {Constraint}")]
    static partial void LogUniqueViolation(ILogger logger, string resource, string? constraint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a change of {Resource}: a concurrent change broke reference {Constraint}")]
    static partial void LogForeignKeyViolation(ILogger logger, string resource, string constraint);
}
