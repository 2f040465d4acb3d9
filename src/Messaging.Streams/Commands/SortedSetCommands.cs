using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>ZADD, ZRANGEBYSCORE, ZREM, ZSCORE, ZCARD.</summary>
public static class SortedSetCommands
{
    /// <summary>Returns true when the member was added, false when only its score changed.</summary>
    public static async Task<bool> SortedSetAddAsync(this IRedisClient client, string key, string member, double score, SetCondition condition = SetCondition.Always, CancellationToken cancellationToken = default)
    {
        List<RespArgument> arguments = [key];
        if (condition != SetCondition.Always)
        {
            arguments.Add(condition == SetCondition.NotExists ? "NX" : "XX");
        }
        arguments.Add(score);
        arguments.Add(member);
        return (await client.ExecuteAsync(new RedisCommand("ZADD", arguments), cancellationToken).ConfigureAwait(false)).AsInt64() > 0;
    }

    /// <summary>Members with min &lt;= score &lt;= max, lowest first; infinities for open ends.</summary>
    public static async Task<IReadOnlyList<string>> SortedSetRangeByScoreAsync(this IRedisClient client, string key, double min, double max, int? take = null, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(BuildRange(key, min, max, withScores: false, take), cancellationToken).ConfigureAwait(false);
        return reply.Items.Select(item => item.AsString() ?? "").ToArray();
    }

    public static async Task<IReadOnlyList<KeyValuePair<string, double>>> SortedSetRangeByScoreWithScoresAsync(this IRedisClient client, string key, double min, double max, int? take = null, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(BuildRange(key, min, max, withScores: true, take), cancellationToken).ConfigureAwait(false);
        var items = reply.Items;
        // RESP3 nests each member and score in a pair; RESP2 flattens them.
        if (items.Count > 0 && items[0].Type == RespType.Array)
        {
            return items.Select(pair => new KeyValuePair<string, double>(pair.Items[0].AsString() ?? "", pair.Items[1].AsDouble())).ToArray();
        }
        return reply.AsPairs().Select(pair => new KeyValuePair<string, double>(pair.Key, pair.Value.AsDouble())).ToArray();
    }

    public static async Task<long> SortedSetRemoveAsync(this IRedisClient client, string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("ZREM", [key, .. members.Select(RespArgument.FromString)]), cancellationToken).ConfigureAwait(false)).AsInt64();

    public static async Task<double?> SortedSetScoreAsync(this IRedisClient client, string key, string member, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(new RedisCommand("ZSCORE", key, member), cancellationToken).ConfigureAwait(false);
        return reply.IsNull ? null : reply.AsDouble();
    }

    public static async Task<long> SortedSetLengthAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("ZCARD", key), cancellationToken).ConfigureAwait(false)).AsInt64();

    static RedisCommand BuildRange(string key, double min, double max, bool withScores, int? take)
    {
        List<RespArgument> arguments = [key, min, max];
        if (withScores)
        {
            arguments.Add("WITHSCORES");
        }
        if (take is { } count)
        {
            arguments.AddRange(["LIMIT", 0, count]);
        }
        return new RedisCommand("ZRANGEBYSCORE", arguments);
    }
}
