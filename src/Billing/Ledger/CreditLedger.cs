using Billing.Alerts;
using Billing.Data;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Billing.Ledger;

/// <summary>
/// Credits added or taken by people (grants from Admin, corrections), and the workspace's
/// low-credit threshold. Grants and adjustments are idempotent by a caller-chosen key.
/// </summary>
public sealed partial class CreditLedger(
    BillingDbContext db,
    CreditAlerts alerts,
    OutboxWriter<BillingDbContext> outbox,
    OutboxSignal outboxSignal,
    TimeProvider time,
    ILogger<CreditLedger> logger)
{
    public Task<CreditChangeResult> GrantAsync(string workspaceId, long credits, string actor, string reason, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(credits);
        return ChangeAsync(workspaceId, LedgerEntryKind.Grant, credits, actor, reason, idempotencyKey, cancellationToken);
    }

    /// <summary>A correction, up or down; it never takes reserved credits.</summary>
    public Task<CreditChangeResult> AdjustAsync(string workspaceId, long credits, string actor, string reason, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (credits == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(credits), "An adjustment of zero credits changes nothing.");
        }
        return ChangeAsync(workspaceId, LedgerEntryKind.Adjustment, credits, actor, reason, idempotencyKey, cancellationToken);
    }

    /// <summary>Sets the workspace's own threshold (null: back to the configured default).</summary>
    public async Task<BalanceView> SetLowThresholdAsync(string workspaceId, long? threshold, CancellationToken cancellationToken)
    {
        var now = time.GetLedgerNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var balance = await db.LockOrCreateBalanceAsync(workspaceId, now, cancellationToken);
        balance.LowThreshold = threshold;
        // The next dip below the new threshold is news again.
        balance.LowNotified = false;
        balance.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BalanceView(workspaceId, balance.Available, balance.Reserved, alerts.ThresholdOf(balance), balance.UpdatedAt);
    }

    async Task<CreditChangeResult> ChangeAsync(string workspaceId, LedgerEntryKind kind, long credits, string actor, string reason, string idempotencyKey, CancellationToken cancellationToken)
    {
        var now = time.GetLedgerNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var balance = await db.LockOrCreateBalanceAsync(workspaceId, now, cancellationToken);
        var earlier = await db.LedgerEntries.AsNoTracking()
            .SingleOrDefaultAsync(e => e.WorkspaceId == workspaceId && e.IdempotencyKey == idempotencyKey, cancellationToken);
        if (earlier is not null)
        {
            var same = earlier.Kind == kind && earlier.AvailableDelta == credits;
            if (!same)
            {
                LogKeyReused(logger, workspaceId, idempotencyKey);
            }
            return new CreditChangeResult(same ? CreditChangeOutcome.Replayed : CreditChangeOutcome.KeyReused, earlier, balance.Available);
        }
        if (balance.Available + credits < 0)
        {
            return new CreditChangeResult(CreditChangeOutcome.WouldGoNegative, null, balance.Available);
        }

        balance.Available += credits;
        balance.UpdatedAt = now;
        var entry = new LedgerEntry
        {
            WorkspaceId = workspaceId,
            Kind = kind,
            AvailableDelta = credits,
            AvailableAfter = balance.Available,
            ReservedAfter = balance.Reserved,
            IdempotencyKey = idempotencyKey,
            Actor = actor,
            Reason = reason,
            CreatedAt = now,
        };
        db.LedgerEntries.Add(entry);
        if (credits > 0)
        {
            alerts.AfterIncrease(balance);
        }
        else
        {
            outbox.AddRange(StreamNames.BillingEvents, alerts.AfterDecrease(balance, now));
        }
        if (kind == LedgerEntryKind.Grant)
        {
            outbox.Add(StreamNames.BillingEvents, new CreditsGranted(workspaceId, credits, balance.Available, actor, reason, now));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Notify();
        LogChanged(logger, kind, credits, workspaceId, actor, reason, balance.Available);
        return new CreditChangeResult(CreditChangeOutcome.Applied, entry, balance.Available);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} of {Credits} credit(s) to workspace {WorkspaceId} by {Actor} ({Reason}); {Available} available")]
    static partial void LogChanged(ILogger logger, LedgerEntryKind kind, long credits, string workspaceId, string actor, string reason, long available);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency key {IdempotencyKey} of workspace {WorkspaceId} was reused for a different change; refused")]
    static partial void LogKeyReused(ILogger logger, string workspaceId, string idempotencyKey);
}
