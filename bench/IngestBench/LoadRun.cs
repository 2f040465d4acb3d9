using System.Diagnostics;

namespace IngestBench;

/// <summary>Acknowledged requests per second, acknowledgement latency and CPU per request of one run.</summary>
public sealed record LoadResult(string Target, string Mode, int Requests, int Failures, double Seconds, double[] LatenciesMs, double[] CpuSeconds)
{
    /// <summary>Open loop only: latency counted from when each request was due rather than sent.</summary>
    public double[]? FromScheduleMs { get; init; }

    /// <summary>Open loop only: Redis append-only-file rewrites (a fork and a busy core) started during the run.</summary>
    public long? AofRewrites { get; init; }

    public double PerSecond => Requests / Seconds;

    public double CpuMicrosecondsPerRequest(int process) => Requests == 0 ? double.NaN : CpuSeconds[process] * 1e6 / Requests;

    public double Percentile(double p) => Percentile(LatenciesMs, p);

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Closed loop (N callers, each sends as soon as its previous request was answered: maximum
/// throughput) or open loop (a fixed rate, whether or not answers keep up: latency at that rate).
/// </summary>
public sealed class LoadRun(HttpClient client, ProcessCpu cpu)
{
    public async Task<LoadResult> ClosedLoopAsync(string target, Func<int, HttpRequestMessage> request, int callers, TimeSpan duration)
    {
        var latencies = new List<double>[callers];
        var failures = 0;
        var next = 0;
        var cpuBefore = cpu.Seconds();
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
        return new LoadResult(target, $"closed loop, {callers} callers", all.Length, failures, watch.Elapsed.TotalSeconds, all, CpuSince(cpuBefore));
    }

    /// <summary>
    /// Latency is measured from the moment each request is handed to the client, as a provider
    /// sending it would see it. The generator shares the cores it measures, so it sometimes sends
    /// late; latency from the schedule (which includes that lateness) is kept too, so it shows.
    /// </summary>
    public async Task<LoadResult> OpenLoopAsync(string target, Func<int, HttpRequestMessage> request, int perSecond, TimeSpan duration)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var fromSchedule = new double[total];
        var failures = 0;
        var cpuBefore = cpu.Seconds();
        var watch = Stopwatch.StartNew();
        var sends = new Task[total];
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            sends[i] = SendAsync(i, due);
        }
        await Task.WhenAll(sends);
        return new LoadResult(target, $"open loop, {perSecond} req/s", total - failures, failures, watch.Elapsed.TotalSeconds, latencies, CpuSince(cpuBefore))
        {
            FromScheduleMs = fromSchedule,
        };

        async Task SendAsync(int index, TimeSpan due)
        {
            var message = request(index);
            var sent = watch.Elapsed;
            using var response = await client.SendAsync(message);
            var answered = watch.Elapsed;
            latencies[index] = (answered - sent).TotalMilliseconds;
            fromSchedule[index] = (answered - due).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }

    double[] CpuSince(double[] before) => [.. cpu.Seconds().Zip(before, (after, start) => after - start)];
}
