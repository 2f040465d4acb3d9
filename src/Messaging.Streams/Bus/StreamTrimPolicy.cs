using System.Globalization;
using Messaging.Streams.Commands;

namespace Messaging.Streams.Bus;

/// <summary>
/// How a stream is trimmed on publish: by length (MAXLEN ~) or by age (MINID ~, from the
/// entry ids' millisecond timestamps). Neither: the stream is not trimmed.
/// </summary>
public sealed class StreamTrimPolicy
{
    /// <summary>The stream this policy is for; unused in <see cref="StreamsOptions.DefaultTrim"/>.</summary>
    public string? Stream { get; set; }

    public long? MaxLength { get; set; }

    public TimeSpan? MaxAge { get; set; }

    /// <summary>"~" trimming: Redis removes whole nodes only, far cheaper; a few more entries stay.</summary>
    public bool Approximate { get; set; } = true;

    internal StreamTrim? ToTrim(DateTimeOffset now)
    {
        if (MaxAge is { } age)
        {
            var minId = (now - age).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0";
            return StreamTrim.ByMinId(minId, Approximate);
        }
        return MaxLength is { } length ? StreamTrim.ByLength(length, Approximate) : null;
    }
}
