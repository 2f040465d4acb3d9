using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>HSET, HGET, HGETALL, HDEL, HINCRBY.</summary>
public static class HashCommands
{
    /// <summary>Returns how many fields were added (not updated).</summary>
    public static async Task<long> HashSetAsync(this IRedisClient client, string key, IEnumerable<KeyValuePair<string, RespArgument>> fields, CancellationToken cancellationToken = default)
    {
        List<RespArgument> arguments = [key];
        foreach (var (field, value) in fields)
        {
            arguments.Add(field);
            arguments.Add(value);
        }
        if (arguments.Count == 1)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }
        return (await client.ExecuteAsync(new RedisCommand("HSET", arguments), cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    public static Task<long> HashSetAsync(this IRedisClient client, string key, string field, RespArgument value, CancellationToken cancellationToken = default) =>
        client.HashSetAsync(key, [new KeyValuePair<string, RespArgument>(field, value)], cancellationToken);

    public static async Task<string?> HashGetAsync(this IRedisClient client, string key, string field, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("HGET", key, field), cancellationToken).ConfigureAwait(false)).AsString();

    public static async Task<ReadOnlyMemory<byte>?> HashGetBytesAsync(this IRedisClient client, string key, string field, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("HGET", key, field), cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary>Every field and value; a RESP3 map and a RESP2 flat array read the same.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> HashGetAllAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(new RedisCommand("HGETALL", key), cancellationToken).ConfigureAwait(false);
        return reply.AsPairs().ToDictionary(pair => pair.Key, pair => pair.Value.AsString() ?? "", StringComparer.Ordinal);
    }

    public static async Task<long> HashDeleteAsync(this IRedisClient client, string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("HDEL", [key, .. fields.Select(RespArgument.FromString)]), cancellationToken).ConfigureAwait(false)).AsInt64();

    public static async Task<long> HashIncrementAsync(this IRedisClient client, string key, string field, long by = 1, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("HINCRBY", key, field, by), cancellationToken).ConfigureAwait(false)).AsInt64();
}
