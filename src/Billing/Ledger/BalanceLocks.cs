using Billing.Data;
using Microsoft.EntityFrameworkCore;

namespace Billing.Ledger;

/// <summary>
/// Every change to a workspace's credits first locks its balance row (SELECT ... FOR UPDATE),
/// so changes of one workspace run one after another across all replicas, and always take
/// their locks in the same order: balance, then reservations.
/// </summary>
public static class BalanceLocks
{
    public static async Task<Balance?> LockBalanceAsync(this BillingDbContext db, string workspaceId, CancellationToken cancellationToken)
    {
        var rows = await db.Balances
            .FromSql($"SELECT * FROM billing.balances WHERE workspace_id = {workspaceId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    public static async Task<Balance> LockOrCreateBalanceAsync(this BillingDbContext db, string workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO billing.balances (workspace_id, updated_at) VALUES ({workspaceId}, {now}) ON CONFLICT (workspace_id) DO NOTHING",
            cancellationToken);
        return await db.LockBalanceAsync(workspaceId, cancellationToken)
            ?? throw new InvalidOperationException($"Balance row of workspace {workspaceId} vanished after it was created.");
    }
}
