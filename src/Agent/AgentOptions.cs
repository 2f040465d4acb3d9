using System.ComponentModel.DataAnnotations;

namespace Agent;

/// <summary>Section <c>Agent</c>, validated at start-up.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>
    /// Conversations whose turns one replica runs at once; unset: <see cref="DefaultMaxConcurrentTurns"/>.
    /// </summary>
    [Range(1, 1024)]
    public int? MaxConcurrentTurns { get; set; }

    /// <summary>
    /// 16 per processor (at least 16, at most 256). A turn spends nearly all its time waiting on
    /// Redis, PostgreSQL, Billing, the model and the provider, not computing: a canned turn uses
    /// well under a millisecond of CPU in several milliseconds of round trips, and an AI turn
    /// waits seconds on the model. Each running turn holds at most one PostgreSQL connection at a
    /// time, so the default stays well inside Npgsql's pool of 100 on a small machine.
    /// </summary>
    public static int DefaultMaxConcurrentTurns => Math.Clamp(Environment.ProcessorCount * 16, 16, 256);

    public int EffectiveMaxConcurrentTurns => MaxConcurrentTurns ?? DefaultMaxConcurrentTurns;

    /// <summary>
    /// How often each replica looks for burst windows that closed longer than this ago and are
    /// still scheduled: their replica died before its timer fired. Not the normal path (a window
    /// closes on its own timer), so it can be slow.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OverdueWindowSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Expiry of a conversation lock; the holder renews it every third of this while the turn runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConversationLockExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A turn still pending this long after its window closed was abandoned by a crashed replica and is scheduled again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StalledTurnAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often each replica looks for stalled turns.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StalledTurnSweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Transcript messages given to the AI as history (full retention only).</summary>
    [Range(0, 200)]
    public int HistoryMessages { get; set; } = 20;

    /// <summary>Attempts per message part on retryable provider errors (throttling, 5xx, timeouts).</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>First retry delay when the provider gave none; doubles on each attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two attempts, whatever the provider asked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an outbound entry whose consumer died stays with it before a live consumer takes it
    /// over (a live consumer keeps renewing its own). Long, so that a send retrying through
    /// throttling is never taken over and sent twice; it is also how long the replies of a crashed
    /// replica's in-flight sends wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DeliveryVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each replica purges message bodies past their workspace's retention period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The gateway's public URL, for Twilio status callbacks (<c>/webhooks/twilio/whatsapp</c>); none when unset.</summary>
    public Uri? PublicBaseUrl { get; set; }
}
