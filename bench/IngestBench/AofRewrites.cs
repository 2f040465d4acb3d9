using System.Globalization;
using StackExchange.Redis;

namespace IngestBench;

/// <summary>
/// Redis rewrites its append-only file each time the file doubles, forking the server and
/// keeping a core busy while the child writes. This benchmark writes about 100 MB in minutes, so
/// a rewrite would fall into a latency window far more often than at a real workload's volume:
/// the bench rewrites before its latency runs, and counts any rewrite that still falls inside.
/// BGREWRITEAOF is an admin command: the connection must allow them.
/// </summary>
public sealed class AofRewrites(IConnectionMultiplexer redis)
{
    IServer Server => redis.GetServer(redis.GetEndPoints()[0]);

    public async Task<long> CountAsync() => long.Parse(await FieldAsync("aof_rewrites"), CultureInfo.InvariantCulture);

    public async Task RewriteNowAsync()
    {
        await WaitForRewriteAsync();
        var before = await CountAsync();
        await Server.ExecuteAsync("BGREWRITEAOF");
        while (await CountAsync() == before)
        {
            await Task.Delay(100);
        }
        await WaitForRewriteAsync();
    }

    async Task WaitForRewriteAsync()
    {
        while (await FieldAsync("aof_rewrite_in_progress") != "0" || await FieldAsync("aof_rewrite_scheduled") != "0")
        {
            await Task.Delay(100);
        }
    }

    async Task<string> FieldAsync(string name) =>
        ((await Server.InfoRawAsync("persistence")) ?? "").Split('\n')
            .Select(line => line.Trim().Split(':', 2))
            .Where(kv => kv.Length == 2 && kv[0] == name)
            .Select(kv => kv[1])
            .First();
}
