using Billing.Data;
using Billing.Ledger;

namespace Billing.Api;

// The JSON shapes of Billing's internal HTTP API (camelCase, enums as camelCase strings).

public sealed record ReserveRequest(string? WorkspaceId, string? TurnId, long? Credits);

public sealed record ReservationResponse(
    ReservationOutcome Outcome,
    string TurnId,
    string WorkspaceId,
    long Credits,
    ReservationState? State,
    DateTimeOffset? ExpiresAt,
    long Available);

public sealed record SettlementResponse(string TurnId, string WorkspaceId, long Credits, ReservationState State, bool Replayed);

public sealed record ReservationView(string TurnId, string WorkspaceId, long Credits, ReservationState State, DateTimeOffset ReservedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SettledAt)
{
    public static ReservationView From(Reservation r) => new(r.TurnId, r.WorkspaceId, r.Credits, r.State, r.ReservedAt, r.ExpiresAt, r.SettledAt);
}

public sealed record GrantRequest(long? Credits, string? GrantedBy, string? Reason, string? IdempotencyKey);

public sealed record AdjustmentRequest(long? Credits, string? AdjustedBy, string? Reason, string? IdempotencyKey);

public sealed record CreditChangeResponse(long EntryId, LedgerEntryKind Kind, long Credits, long AvailableAfter, long Available, bool Replayed);

public sealed record LowThresholdRequest(long? Threshold);

public sealed record LedgerEntryView(
    long Id,
    LedgerEntryKind Kind,
    long AvailableDelta,
    long ReservedDelta,
    long AvailableAfter,
    long ReservedAfter,
    string? TurnId,
    string? IdempotencyKey,
    string? Actor,
    string? Reason,
    DateTimeOffset CreatedAt)
{
    public static LedgerEntryView From(LedgerEntry e) =>
        new(e.Id, e.Kind, e.AvailableDelta, e.ReservedDelta, e.AvailableAfter, e.ReservedAfter, e.TurnId, e.IdempotencyKey, e.Actor, e.Reason, e.CreatedAt);
}

public sealed record LedgerPageResponse(IReadOnlyList<LedgerEntryView> Entries, long? NextBefore);
