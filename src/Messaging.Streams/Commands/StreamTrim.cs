namespace Messaging.Streams.Commands;

/// <summary>
/// How XADD trims: by length (MAXLEN) or by age (MINID, an id such as "1700000000000-0").
/// <see cref="Approximate"/> (~) lets Redis trim whole nodes, much cheaper.
/// </summary>
public sealed record StreamTrim
{
    public long? MaxLength { get; init; }

    public string? MinId { get; init; }

    public bool Approximate { get; init; } = true;

    public static StreamTrim ByLength(long maxLength, bool approximate = true) => new() { MaxLength = maxLength, Approximate = approximate };

    public static StreamTrim ByMinId(string minId, bool approximate = true) => new() { MinId = minId, Approximate = approximate };
}
