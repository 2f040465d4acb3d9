using Billing.Data;

namespace Billing.Ledger;

public enum ReservationOutcome
{
    /// <summary>The credits are now held for the turn.</summary>
    Reserved,
    /// <summary>The turn already had a reservation (a retried or replayed request): nothing changed.</summary>
    AlreadyReserved,
    /// <summary>Not enough available credits: nothing changed.</summary>
    InsufficientCredits,
    /// <summary>The turn id is already used by a reservation of another workspace.</summary>
    TurnIdTaken,
}

public sealed record ReservationResult(ReservationOutcome Outcome, Reservation? Reservation, long Available);

public enum SettlementOutcome
{
    /// <summary>The reservation moved to the requested state now.</summary>
    Settled,
    /// <summary>It was already in the requested state (a replay): nothing changed.</summary>
    AlreadySettled,
    /// <summary>It was settled differently before (committed, released or expired): nothing changed.</summary>
    Conflict,
    NotFound,
}

public sealed record SettlementResult(SettlementOutcome Outcome, Reservation? Reservation);

public enum CreditChangeOutcome
{
    Applied,
    /// <summary>The idempotency key was used before with the same change: its original entry is returned.</summary>
    Replayed,
    /// <summary>The idempotency key was used before with a different amount.</summary>
    KeyReused,
    /// <summary>A negative adjustment larger than the available credits.</summary>
    WouldGoNegative,
}

public sealed record CreditChangeResult(CreditChangeOutcome Outcome, LedgerEntry? Entry, long Available);

public sealed record BalanceView(string WorkspaceId, long Available, long Reserved, long LowThreshold, DateTimeOffset? UpdatedAt);

public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, long? NextBefore);
