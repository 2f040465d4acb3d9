using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>GET, SET (NX/XX, PX/EX, GET), INCR/INCRBY.</summary>
public static class StringCommands
{
    public static async Task<string?> GetAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("GET", key), cancellationToken).ConfigureAwait(false)).AsString();

    public static async Task<ReadOnlyMemory<byte>?> GetBytesAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("GET", key), cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary>Returns false when the condition (NX/XX) kept the value from being written.</summary>
    public static async Task<bool> SetAsync(this IRedisClient client, string key, RespArgument value, TimeSpan? expiry = null, SetCondition condition = SetCondition.Always, CancellationToken cancellationToken = default) =>
        !(await client.ExecuteAsync(BuildSet(key, value, expiry, condition, returnPrevious: false), cancellationToken).ConfigureAwait(false)).IsNull;

    /// <summary>SET ... GET: writes and returns the previous value (null when there was none).</summary>
    public static async Task<ReadOnlyMemory<byte>?> SetAndGetPreviousAsync(this IRedisClient client, string key, RespArgument value, TimeSpan? expiry = null, SetCondition condition = SetCondition.Always, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(BuildSet(key, value, expiry, condition, returnPrevious: true), cancellationToken).ConfigureAwait(false)).AsBytes();

    public static async Task<long> IncrementAsync(this IRedisClient client, string key, long by = 1, CancellationToken cancellationToken = default)
    {
        var command = by == 1 ? new RedisCommand("INCR", key) : new RedisCommand("INCRBY", key, by);
        return (await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    static RedisCommand BuildSet(string key, RespArgument value, TimeSpan? expiry, SetCondition condition, bool returnPrevious)
    {
        List<RespArgument> arguments = [key, value];
        if (expiry is { } ttl)
        {
            if (ttl <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(expiry), ttl, "A SET expiry must be positive.");
            }
            arguments.AddRange(ttl.Ticks % TimeSpan.TicksPerSecond == 0 ? ["EX", (long)ttl.TotalSeconds] : ["PX", (long)ttl.TotalMilliseconds]);
        }
        if (condition != SetCondition.Always)
        {
            arguments.Add(condition == SetCondition.NotExists ? "NX" : "XX");
        }
        if (returnPrevious)
        {
            arguments.Add("GET");
        }
        return new RedisCommand("SET", arguments);
    }
}
