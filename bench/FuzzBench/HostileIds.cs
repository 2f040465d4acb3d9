using System.Globalization;

namespace FuzzBench;

/// <summary>
/// Customers and message ids of hostile requests, drawn from the seed: random, so a byte
/// mutation of one hostile body can never turn it into another case's customer or id, and 14
/// digits long where valid customers have 12, so it never becomes a valid one either.
/// </summary>
public sealed class HostileIds(Random random)
{
    public string Customer() => "44" + random.NextInt64(100_000_000_000, 1_000_000_000_000).ToString(CultureInfo.InvariantCulture);

    public string MetaMessageId() => "wamid.fuzz-" + Hex(16);

    public string TwilioSid() => "SM" + Hex(32);

    string Hex(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));
}
