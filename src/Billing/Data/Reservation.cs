namespace Billing.Data;

public enum ReservationState
{
    Reserved,
    Committed,
    Released,
    Expired,
    /// <summary>The reply was reported failed for good after it was sent: final, the credit is back.</summary>
    Refunded,
}

/// <summary>Credits held for one conversation turn until the turn is settled or the hold expires.</summary>
public sealed class Reservation
{
    public required string TurnId { get; init; }
    public required string WorkspaceId { get; init; }
    public long Credits { get; init; }
    public ReservationState State { get; set; }
    public DateTimeOffset ReservedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? SettledAt { get; set; }
}
