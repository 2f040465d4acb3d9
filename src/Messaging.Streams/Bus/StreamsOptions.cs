using Messaging.Streams.Consumers;

namespace Messaging.Streams.Bus;

/// <summary>The "Streams" configuration section.</summary>
public sealed class StreamsOptions
{
    public const string SectionName = "Streams";

    /// <summary>Defaults of every consumer; each registration may adjust its own copy.</summary>
    public ConsumerOptions Consumer { get; set; } = new();

    /// <summary>Trimming of streams without a policy of their own in <see cref="Trim"/>.</summary>
    public StreamTrimPolicy DefaultTrim { get; set; } = new() { MaxLength = 100_000 };

    /// <summary>Per-stream trimming, e.g. <c>{ "Stream": "msg:inbound", "MaxAge": "7.00:00:00" }</c>.</summary>
    public List<StreamTrimPolicy> Trim { get; set; } = [];

    internal StreamTrimPolicy TrimFor(string stream) =>
        Trim.FirstOrDefault(policy => string.Equals(policy.Stream, stream, StringComparison.Ordinal)) ?? DefaultTrim;
}
