using System.ComponentModel.DataAnnotations;

namespace Ingest;

public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>
    /// The public URL providers call (the gateway's), as Twilio signs it. Read from
    /// <c>PUBLIC_BASE_URL</c> when not set here.
    /// </summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How long a provider message id is remembered to drop redeliveries (providers retry for hours).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Where events accepted while Redis is unavailable wait; one folder per Ingest replica, on durable storage.</summary>
    [Required]
    public string SpoolDirectory { get; set; } = "spool";

    /// <summary>Largest webhook body read (the gateway limits earlier; this protects direct calls).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
}
