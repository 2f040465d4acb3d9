using System.Globalization;
using System.Text;

namespace StreamsBench;

/// <summary>Writes this benchmark's section of bench/RESULTS.md, leaving other sections alone.</summary>
internal static class ResultsFile
{
    // Matches this section's heading whatever follows the colon, so a renamed heading replaces the old section.
    const string HeadingStart = "## Streams:";
    const string Heading = HeadingStart + " the bus on StackExchange.Redis, the previous client and redis-benchmark";

    public static void Write(string path, BenchRun run)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC): {run.Environment} The load generator, the bus and redis-server share the machine.");
        text.AppendLine();
        text.AppendLine("    dotnet build -c Release bench/StreamsBench");
        text.AppendLine("    dotnet build -c Release bench/StreamsBench -p:StreamsRoot=<checkout of the previous commit>/");
        text.AppendLine(CultureInfo.InvariantCulture, $"    dotnet run -c Release --no-build --project bench/StreamsBench -- --events {run.Events}");
        text.AppendLine();
        text.AppendLine("One redis-server (started by the benchmark, AOF on, `appendfsync everysec`), three workloads on it");
        text.AppendLine("one after another. The two bus rows run the same code (`BusWorkload`: the public bus API only),");
        text.AppendLine("built once against this checkout and once against the previous commit's hand-written RESP client.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Publish: {run.Concurrency} callers, each awaiting `PublishAsync` before the next, {run.Events:N0} events (an");
        text.AppendLine("envelope of about 250 bytes). Consume: a new group reads those entries with");
        text.AppendLine(CultureInfo.InvariantCulture, $"`MaxConcurrency = {run.Concurrency}`, from the host's start until the last handler returned; every entry is");
        text.AppendLine("acknowledged on its own. Throughputs are the best of 3 rounds. Pick-up: an idle consumer (caught up,");
        text.AppendLine("10 to 60 ms since the last entry), one `PublishAsync`, time from the call until the handler runs,");
        text.AppendLine(CultureInfo.InvariantCulture, $"{run.Current.PickUpSamples} samples after 20 unmeasured ones. redis-benchmark runs with {run.Concurrency} connections: XADD of the very entry");
        text.AppendLine("the bus wrote, then XREADGROUP COUNT 1 through a group (one entry delivered per call, no XACK);");
        text.AppendLine("its pick-up column is one XADD round trip from a single connection, the floor of any pick-up.");
        text.AppendLine();
        text.AppendLine("| | publish events/s | consume events/s | pick-up p50 ms | pick-up p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| redis-benchmark | {run.Append.RequestsPerSecond:N0} | {run.Read.RequestsPerSecond:N0} | {run.RoundTrip.P50Ms:0.000} | {run.RoundTrip.P99Ms:0.000} |");
        text.AppendLine(Row("bus on StackExchange.Redis 3.4.35", run.Current));
        text.AppendLine(run.Previous is null ? "| bus on the previous RESP client | not measured | | | |" : Row("bus on the previous RESP client", run.Previous));
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"StackExchange.Redis bus against redis-benchmark: publish {run.Current.PublishPerSecond / run.Append.RequestsPerSecond:P0}, consume {run.Current.ConsumePerSecond / run.Read.RequestsPerSecond:P0}.");
        if (run.Previous is { } previous)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Against the previous client: publish {run.Current.PublishPerSecond / previous.PublishPerSecond:P0}, consume {run.Current.ConsumePerSecond / previous.ConsumePerSecond:P0}, pick-up p50 {run.Current.PickUpP50Ms / previous.PickUpP50Ms:P0} of its time.");
        }
        text.AppendLine();
        text.AppendLine("Publish can exceed redis-benchmark because the bus's callers share one multiplexed socket whose");
        text.AppendLine("writes StackExchange.Redis coalesces, so Redis reads many commands per system call where");
        text.AppendLine("redis-benchmark's connections bring one each. Consume costs the bus more per entry than a bare");
        text.AppendLine("read: an XACK per entry besides the XREADGROUP, and each handler runs in its own DI scope. Both");
        text.AppendLine("bus builds wait with a blocking XREADGROUP on a connection of their own, so pick-up is Redis waking");
        text.AppendLine("a blocked reader plus one publish round trip in either. Shared machine: figures vary by run.");
        text.AppendLine();
        text.AppendLine("redis-benchmark commands (the entry's fields shortened here to `<entry>`):");
        text.AppendLine();
        foreach (var result in new[] { run.Append, run.Read, run.RoundTrip })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {Shorten(result.CommandLine)}");
        }
        Bench.ResultsSection.Replace(path, HeadingStart, text.ToString());
    }

    static string Row(string name, BusFigures figures) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {figures.PublishPerSecond:N0} | {figures.ConsumePerSecond:N0} | {figures.PickUpP50Ms:0.000} | {figures.PickUpP99Ms:0.000} |");

    static string Shorten(string commandLine)
    {
        var star = commandLine.IndexOf(" '*' ", StringComparison.Ordinal);
        return star < 0 ? commandLine : commandLine[..(star + 5)] + "<entry>";
    }
}
