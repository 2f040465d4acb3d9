using Billing.Alerts;
using Billing.Data;
using Microsoft.EntityFrameworkCore;

namespace Billing.Ledger;

/// <summary>Reads: balances, reservations and the ledger, newest entries first.</summary>
public sealed class LedgerQueries(BillingDbContext db, CreditAlerts alerts)
{
    public const int MaxPageSize = 200;

    /// <summary>A workspace that never received credits has a zero balance.</summary>
    public async Task<BalanceView> GetBalanceAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var balance = await db.Balances.AsNoTracking().SingleOrDefaultAsync(b => b.WorkspaceId == workspaceId, cancellationToken)
            ?? new Balance { WorkspaceId = workspaceId };
        return new BalanceView(workspaceId, balance.Available, balance.Reserved, alerts.ThresholdOf(balance),
            balance.UpdatedAt == default ? null : balance.UpdatedAt);
    }

    public Task<Reservation?> GetReservationAsync(string turnId, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.TurnId == turnId, cancellationToken);

    /// <summary>Keyset pagination: entries with an id below <paramref name="before"/>, newest first.</summary>
    public async Task<LedgerPage> GetPageAsync(string workspaceId, long? before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.WorkspaceId == workspaceId);
        if (before is { } cursor)
        {
            query = query.Where(e => e.Id < cursor);
        }
        var entries = await query.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        if (entries.Count <= limit)
        {
            return new LedgerPage(entries, null);
        }
        entries.RemoveAt(limit);
        return new LedgerPage(entries, entries[^1].Id);
    }
}
