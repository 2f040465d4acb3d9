using System.ComponentModel.DataAnnotations;

namespace Gateway;

/// <summary>Limits of the public entry, bound from the "Gateway" section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted on any public route (Meta webhooks are at most a few MB).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest body on the Sandbox's routes (demo only): the phone simulator uploads a customer's
    /// attachment, which WhatsApp allows up to 100 MB for documents. A little above that, so the
    /// Sandbox itself answers an over-limit file with WhatsApp's limit in its message.
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long SandboxMaxRequestBodyBytes { get; set; } = 101 * 1024 * 1024;

    /// <summary>Run socket completions and request processing on the I/O thread (see Transport/InlineIo).</summary>
    public bool InlineIo { get; set; } = true;

    [Required]
    public SourceRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For/-Proto are believed (see Proxies/).</summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>A token bucket per client address: a steady rate and a burst on top.</summary>
public sealed class SourceRateLimitOptions
{
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 200;

    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 1000;
}
