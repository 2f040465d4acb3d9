namespace Messaging.Contracts;

/// <summary>The streams of the pipeline; dead letters go to <c>{stream}:dead</c>, in the stream's cluster slot.</summary>
public static class StreamNames
{
    public const string Inbound = "msg:inbound";
    public const string Status = "msg:status";
    public const string Outbound = "msg:outbound";
    public const string TurnCompleted = "turn:completed";
    public const string TenancyChanged = "tenancy:changed";
    public const string BillingEvents = "billing:events";
    public const string ChannelAlerts = "channel:alerts";

    public const string DeadLetterSuffix = ":dead";

    public static string DeadLetter(string stream) => SameSlotPrefix(stream) + DeadLetterSuffix;

    /// <summary>
    /// A prefix for keys that a script touches together with <paramref name="stream"/>: Redis
    /// Cluster hashes only the text inside the first <c>{...}</c> of a key, or the whole key when
    /// it has none, so <c>{msg:inbound}:dead</c> lands in the slot of <c>msg:inbound</c>. A stream
    /// name that carries a tag of its own is its own prefix.
    /// </summary>
    public static string SameSlotPrefix(string stream)
    {
        var open = stream.IndexOf('{', StringComparison.Ordinal);
        var hasTag = open >= 0 && stream.IndexOf('}', open + 1) > open + 1;
        return hasTag ? stream : "{" + stream + "}";
    }
}

/// <summary>Consumer group names, one per consuming role.</summary>
public static class ConsumerGroups
{
    public const string Agent = "agent";
    public const string Delivery = "delivery";
    public const string Billing = "billing";
    public const string Admin = "admin";
    public const string Ingest = "ingest";
}
