using System.Diagnostics;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;

namespace StreamsBench;

/// <summary>
/// Our client at the same concurrency as redis-benchmark: <c>Clients</c> concurrent callers
/// sharing ONE multiplexed connection, each with <c>Pipeline</c> commands outstanding
/// (1: await each reply before the next command).
/// </summary>
internal static class ClientWorkload
{
    static readonly byte[] Value = "xxx"u8.ToArray();

    public static async Task<double> RunAsync(IRedisClient client, BenchCase bench)
    {
        var perClient = bench.Requests / bench.Clients;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, bench.Clients).Select(_ => Task.Run(() => CallerAsync(client, bench, perClient))));
        return perClient * bench.Clients / stopwatch.Elapsed.TotalSeconds;
    }

    static async Task CallerAsync(IRedisClient client, BenchCase bench, int requests)
    {
        var outstanding = new Task[bench.Pipeline];
        for (var sent = 0; sent < requests; sent += bench.Pipeline)
        {
            for (var i = 0; i < bench.Pipeline; i++)
            {
                outstanding[i] = Command(client, bench.Command);
            }
            await Task.WhenAll(outstanding);
        }
    }

    static Task Command(IRedisClient client, string command) => command switch
    {
        "SET" => client.SetAsync("key:__rand_int__", Value),
        "GET" => client.GetBytesAsync("key:__rand_int__"),
        "XADD" => client.StreamAddAsync("bench", [new StreamField("f", Value)]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown benchmark command."),
    };
}
