using System.Diagnostics;

namespace IngestBench;

/// <summary>Acknowledged requests per second and acknowledgement latency of one run.</summary>
public sealed record LoadResult(string Target, string Mode, int Requests, int Failures, double Seconds, double[] LatenciesMs)
{
    public double PerSecond => Requests / Seconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Closed loop (N callers, each sends as soon as its previous request was answered: maximum
/// throughput) or open loop (a fixed rate, whether or not answers keep up: latency at that rate).
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> ClosedLoopAsync(string target, HttpClient client, Func<int, HttpRequestMessage> request, int callers, TimeSpan duration)
    {
        var latencies = new List<double>[callers];
        var failures = 0;
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            latencies[caller] = [];
            while (watch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request(Interlocked.Increment(ref next)));
                if (response.IsSuccessStatusCode)
                {
                    latencies[caller].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).ToArray();
        return new LoadResult(target, $"closed loop, {callers} callers", all.Length, failures, watch.Elapsed.TotalSeconds, all);
    }

    public static async Task<LoadResult> OpenLoopAsync(string target, HttpClient client, Func<int, HttpRequestMessage> request, int perSecond, TimeSpan duration)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var failures = 0;
        var watch = Stopwatch.StartNew();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            var index = i;
            sends.Add(Task.Run(async () =>
            {
                // Latency counts from when the request was due, so a late sender cannot hide queueing.
                var dueTimestamp = due;
                using var response = await client.SendAsync(request(index));
                latencies[index] = (watch.Elapsed - dueTimestamp).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(sends);
        return new LoadResult(target, $"open loop, {perSecond} req/s", total - failures, failures, watch.Elapsed.TotalSeconds, latencies);
    }
}
