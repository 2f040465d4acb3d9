namespace Billing.Data;

public enum LedgerEntryKind
{
    Grant,
    Reserve,
    Commit,
    Release,
    Expire,
    Adjustment,
    /// <summary>A turn's reply failed after it was sent: its credit comes back (from committed, or straight from reserved).</summary>
    Refund,
}

/// <summary>
/// One immutable line of a workspace's ledger. The sums of <see cref="AvailableDelta"/> and
/// <see cref="ReservedDelta"/> over a workspace equal its balance.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; init; }
    public required string WorkspaceId { get; init; }
    public LedgerEntryKind Kind { get; init; }
    public long AvailableDelta { get; init; }
    public long ReservedDelta { get; init; }
    public long AvailableAfter { get; init; }
    public long ReservedAfter { get; init; }
    public string? TurnId { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? Actor { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
