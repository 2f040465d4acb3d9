using System.Globalization;
using StackExchange.Redis;

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

    /// <summary>The XADD options: a plain append with this policy's trimming.</summary>
    internal StreamAddOptions ToAddOptions(DateTimeOffset now)
    {
        if (MaxAge is not null)
        {
            return new StreamAddOptions { MinId = MinId(now), Approximate = Approximate };
        }
        return MaxLength is { } length ? new StreamAddOptions { MaxLength = length, Approximate = Approximate } : default;
    }

    /// <summary>The same trimming as XADD arguments, for the scripts that append: <c>MAXLEN|MINID ~|= threshold</c>, or nothing.</summary>
    internal IEnumerable<RedisValue> ToArguments(DateTimeOffset now)
    {
        if (MaxAge is not null)
        {
            return ["MINID", Approximate ? "~" : "=", MinId(now)];
        }
        return MaxLength is { } length ? ["MAXLEN", Approximate ? "~" : "=", length] : [];
    }

    string MinId(DateTimeOffset now) => (now - MaxAge!.Value).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0";
}
