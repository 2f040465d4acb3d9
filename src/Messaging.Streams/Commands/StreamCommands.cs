using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>XADD, XREADGROUP, XACK, XAUTOCLAIM, XCLAIM, XPENDING, XGROUP CREATE, XINFO, XLEN, XDEL, XRANGE.</summary>
public static class StreamCommands
{
    /// <summary>
    /// Appends an entry and returns its id; null only with <paramref name="noMakeStream"/>
    /// when the stream does not exist.
    /// </summary>
    public static async Task<string?> StreamAddAsync(this IRedisClient client, string key, IReadOnlyList<StreamField> fields, StreamTrim? trim = null, bool noMakeStream = false, string id = "*", CancellationToken cancellationToken = default)
    {
        if (fields.Count == 0)
        {
            throw new ArgumentException("XADD needs at least one field.", nameof(fields));
        }
        var arguments = new List<RespArgument>(6 + (fields.Count * 2)) { key };
        if (noMakeStream)
        {
            arguments.Add("NOMKSTREAM");
        }
        if (trim is not null)
        {
            AddTrim(arguments, trim);
        }
        arguments.Add(id);
        foreach (var field in fields)
        {
            arguments.Add(field.Name);
            arguments.Add(field.Value);
        }
        return (await client.ExecuteAsync(new RedisCommand("XADD", arguments), cancellationToken).ConfigureAwait(false)).AsString();
    }

    /// <summary>
    /// XREADGROUP for one stream. <paramref name="id"/> "&gt;" reads new entries; another id
    /// re-reads this consumer's pending ones. With <paramref name="block"/>, send it on a
    /// dedicated connection: it holds the socket until entries arrive or the time passes.
    /// </summary>
    public static async Task<IReadOnlyList<StreamEntry>> StreamReadGroupAsync(this IRedisClient client, string key, string group, string consumer, string id = ">", int? count = null, TimeSpan? block = null, CancellationToken cancellationToken = default)
    {
        List<RespArgument> arguments = ["GROUP", group, consumer];
        if (count is { } take)
        {
            arguments.AddRange(["COUNT", take]);
        }
        if (block is { } wait)
        {
            arguments.AddRange(["BLOCK", (long)wait.TotalMilliseconds]);
        }
        arguments.AddRange(["STREAMS", key, id]);
        var reply = await client.ExecuteAsync(new RedisCommand("XREADGROUP", arguments) { BlockFor = block ?? TimeSpan.Zero }, cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return [];
        }
        // RESP3: a map stream -> entries; RESP2: an array of [stream, entries].
        if (reply.Type == RespType.Map)
        {
            return reply.AsPairs().SelectMany(pair => StreamEntry.ListFromReply(pair.Value)).ToArray();
        }
        return reply.Items.SelectMany(stream => StreamEntry.ListFromReply(stream.Items[1])).ToArray();
    }

    public static async Task<long> StreamAckAsync(this IRedisClient client, string key, string group, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("XACK", [key, group, .. ids.Select(RespArgument.FromString)]), cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>Claims entries pending longer than <paramref name="minIdle"/>; each claim counts as a delivery.</summary>
    public static async Task<StreamAutoClaimResult> StreamAutoClaimAsync(this IRedisClient client, string key, string group, string consumer, TimeSpan minIdle, string start = "0-0", int count = 100, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(new RedisCommand("XAUTOCLAIM", key, group, consumer, (long)minIdle.TotalMilliseconds, start, "COUNT", count), cancellationToken).ConfigureAwait(false);
        var parts = reply.Items;
        var deleted = parts.Count > 2 ? parts[2].Items.Select(item => item.AsString() ?? "").ToArray() : [];
        return new StreamAutoClaimResult(parts[0].AsString() ?? "0-0", StreamEntry.ListFromReply(parts[1]), deleted);
    }

    /// <summary>XCLAIM ... JUSTID: takes or keeps ownership and resets the idle time without counting a delivery.</summary>
    public static async Task<IReadOnlyList<string>> StreamClaimIdsAsync(this IRedisClient client, string key, string group, string consumer, TimeSpan minIdle, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(new RedisCommand("XCLAIM", [key, group, consumer, (long)minIdle.TotalMilliseconds, .. ids.Select(RespArgument.FromString), "JUSTID"]), cancellationToken).ConfigureAwait(false);
        return reply.Items.Select(item => item.AsString() ?? "").ToArray();
    }

    public static async Task<StreamPendingSummary> StreamPendingAsync(this IRedisClient client, string key, string group, CancellationToken cancellationToken = default)
    {
        var parts = (await client.ExecuteAsync(new RedisCommand("XPENDING", key, group), cancellationToken).ConfigureAwait(false)).Items;
        var perConsumer = parts[3].Items.ToDictionary(row => row.Items[0].AsString() ?? "", row => row.Items[1].AsInt64(), StringComparer.Ordinal);
        return new StreamPendingSummary(parts[0].AsInt64(), parts[1].AsString(), parts[2].AsString(), perConsumer);
    }

    public static async Task<IReadOnlyList<StreamPendingEntry>> StreamPendingRangeAsync(this IRedisClient client, string key, string group, string start = "-", string end = "+", int count = 100, string? consumer = null, TimeSpan? minIdle = null, CancellationToken cancellationToken = default)
    {
        List<RespArgument> arguments = [key, group];
        if (minIdle is { } idle)
        {
            arguments.AddRange(["IDLE", (long)idle.TotalMilliseconds]);
        }
        arguments.AddRange([start, end, count]);
        if (consumer is not null)
        {
            arguments.Add(consumer);
        }
        var reply = await client.ExecuteAsync(new RedisCommand("XPENDING", arguments), cancellationToken).ConfigureAwait(false);
        return reply.Items.Select(row => new StreamPendingEntry(
            row.Items[0].AsString() ?? "",
            row.Items[1].AsString() ?? "",
            TimeSpan.FromMilliseconds(row.Items[2].AsInt64()),
            row.Items[3].AsInt64())).ToArray();
    }

    /// <summary>XGROUP CREATE ... MKSTREAM; returns false when the group already exists (BUSYGROUP).</summary>
    public static async Task<bool> StreamCreateGroupAsync(this IRedisClient client, string key, string group, string startId = "$", bool makeStream = true, CancellationToken cancellationToken = default)
    {
        List<RespArgument> arguments = ["CREATE", key, group, startId];
        if (makeStream)
        {
            arguments.Add("MKSTREAM");
        }
        try
        {
            await client.ExecuteAsync(new RedisCommand("XGROUP", arguments), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RedisBusyGroupException)
        {
            return false;
        }
    }

    public static async Task<StreamInfo> StreamInfoAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default)
    {
        var info = (await client.ExecuteAsync(new RedisCommand("XINFO", "STREAM", key), cancellationToken).ConfigureAwait(false)).AsMap();
        return new StreamInfo(
            info["length"].AsInt64(),
            info["last-generated-id"].AsString() ?? "0-0",
            info.TryGetValue("entries-added", out var added) ? added.AsInt64() : 0,
            info["groups"].AsInt64(),
            EntryOrNull(info, "first-entry"),
            EntryOrNull(info, "last-entry"));
    }

    public static async Task<IReadOnlyList<StreamGroupInfo>> StreamGroupsAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default)
    {
        var reply = await client.ExecuteAsync(new RedisCommand("XINFO", "GROUPS", key), cancellationToken).ConfigureAwait(false);
        return reply.Items.Select(item =>
        {
            var group = item.AsMap();
            return new StreamGroupInfo(
                group["name"].AsString() ?? "",
                group["consumers"].AsInt64(),
                group["pending"].AsInt64(),
                group["last-delivered-id"].AsString() ?? "0-0",
                NumberOrNull(group, "entries-read"),
                NumberOrNull(group, "lag"));
        }).ToArray();
    }

    public static async Task<long> StreamLengthAsync(this IRedisClient client, string key, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("XLEN", key), cancellationToken).ConfigureAwait(false)).AsInt64();

    public static async Task<long> StreamDeleteAsync(this IRedisClient client, string key, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("XDEL", [key, .. ids.Select(RespArgument.FromString)]), cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>XRANGE from <paramref name="start"/> to <paramref name="end"/> ("-" and "+" are the ends).</summary>
    public static async Task<IReadOnlyList<StreamEntry>> StreamRangeAsync(this IRedisClient client, string key, string start = "-", string end = "+", int? count = null, CancellationToken cancellationToken = default)
    {
        List<RespArgument> arguments = [key, start, end];
        if (count is { } take)
        {
            arguments.AddRange(["COUNT", take]);
        }
        return StreamEntry.ListFromReply(await client.ExecuteAsync(new RedisCommand("XRANGE", arguments), cancellationToken).ConfigureAwait(false));
    }

    internal static void AddTrim(List<RespArgument> arguments, StreamTrim trim)
    {
        if (trim.MaxLength is { } maxLength)
        {
            arguments.AddRange(["MAXLEN", trim.Approximate ? "~" : "=", maxLength]);
        }
        else if (trim.MinId is { } minId)
        {
            arguments.AddRange(["MINID", trim.Approximate ? "~" : "=", minId]);
        }
    }

    static StreamEntry? EntryOrNull(IReadOnlyDictionary<string, RespReply> info, string name) =>
        info.TryGetValue(name, out var entry) && !entry.IsNull ? StreamEntry.FromReply(entry) : null;

    static long? NumberOrNull(IReadOnlyDictionary<string, RespReply> info, string name) =>
        info.TryGetValue(name, out var value) && !value.IsNull ? value.AsInt64() : null;
}
