using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>DEL, EXISTS, EXPIRE/PEXPIRE.</summary>
public static class KeyCommands
{
    /// <summary>Returns how many of the keys existed.</summary>
    public static async Task<long> DeleteAsync(this IRedisClient client, IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("DEL", keys.Select(RespArgument.FromString).ToArray()), cancellationToken).ConfigureAwait(false)).AsInt64();

    public static Task<long> DeleteAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        client.DeleteAsync([key], cancellationToken);

    public static async Task<bool> ExistsAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("EXISTS", key), cancellationToken).ConfigureAwait(false)).AsInt64() > 0;

    /// <summary>EXPIRE for whole seconds, PEXPIRE otherwise; false when the key does not exist.</summary>
    public static async Task<bool> ExpireAsync(this IRedisClient client, string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var command = expiry.Ticks % TimeSpan.TicksPerSecond == 0
            ? new RedisCommand("EXPIRE", key, (long)expiry.TotalSeconds)
            : new RedisCommand("PEXPIRE", key, (long)expiry.TotalMilliseconds);
        return (await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsBoolean();
    }

    /// <summary>Remaining time to live; null when the key has none or does not exist.</summary>
    public static async Task<TimeSpan?> TimeToLiveAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default)
    {
        var milliseconds = (await client.ExecuteAsync(new RedisCommand("PTTL", key), cancellationToken).ConfigureAwait(false)).AsInt64();
        return milliseconds < 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
    }
}
