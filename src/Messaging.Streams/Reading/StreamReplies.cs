using StackExchange.Redis;

namespace Messaging.Streams.Reading;

/// <summary>
/// Reads the raw XREAD / XREADGROUP reply that <c>ExecuteAsync</c> hands back. Under RESP3 (the
/// default of StackExchange.Redis 3) the streams come as a map of name to entries; under RESP2
/// as an array of [name, entries] pairs. A timed-out BLOCK answers null.
/// </summary>
internal static class StreamReplies
{
    public static IReadOnlyList<StreamEntry> EntriesOf(RedisResult reply)
    {
        if (reply.IsNull)
        {
            return [];
        }
        var entries = new List<StreamEntry>();
        if (reply.Resp3Type == ResultType.Map)
        {
            foreach (var stream in reply.ToDictionary().Values)
            {
                AddEntries(stream, entries);
            }
        }
        else
        {
            foreach (var pair in (RedisResult[])reply!)
            {
                AddEntries(pair[1], entries);
            }
        }
        return entries;
    }

    static void AddEntries(RedisResult stream, List<StreamEntry> entries)
    {
        if (stream.IsNull)
        {
            return;
        }
        foreach (var entry in (RedisResult[])stream!)
        {
            var id = (RedisValue)entry[0];
            var fields = entry[1];
            if (fields.IsNull)
            {
                // A pending entry whose data was deleted (XDEL, trimming): only its id is left.
                entries.Add(new StreamEntry(id, []));
                continue;
            }
            var values = (RedisValue[])fields!;
            var pairs = new NameValueEntry[values.Length / 2];
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i] = new NameValueEntry(values[2 * i], values[(2 * i) + 1]);
            }
            entries.Add(new StreamEntry(id, pairs));
        }
    }
}
