using System.ComponentModel.DataAnnotations;

namespace Billing;

/// <summary>Billing's settings, bound from the "Billing" section and validated at start-up.</summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>How long a reservation holds its credits before the sweeper releases it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each replica looks for expired reservations.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Reservations expired per transaction.</summary>
    [Range(1, 10_000)]
    public int ExpiryBatchSize { get; set; } = 200;

    /// <summary>How often the outbox relay looks for unsent events when no local write woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Events relayed per transaction.</summary>
    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>CreditsLow is raised when available credits fall below this, unless the workspace set its own.</summary>
    [Range(0L, 1_000_000_000L)]
    public long DefaultLowThreshold { get; set; } = 10;

    /// <summary>Largest single grant or adjustment: larger amounts are typing mistakes.</summary>
    [Range(1L, 1_000_000_000L)]
    public long MaxCreditsPerChange { get; set; } = 1_000_000;

    /// <summary>Largest single reservation (one AI reply costs one credit).</summary>
    [Range(1L, 1_000_000L)]
    public long MaxCreditsPerReservation { get; set; } = 100;
}
