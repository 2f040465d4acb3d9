using System.Globalization;
using System.Text;

namespace StartupBench;

/// <summary>The StartupBench section of bench/RESULTS.md: median and range of each figure, before next to after.</summary>
public static class StartupReport
{
    public const string Heading = "## StartupBench: start to all-healthy, memory, stop";

    const double MiB = 1024 * 1024;

    public static string Render(BenchOptions options, IReadOnlyList<Checkout> checkouts, IReadOnlyDictionary<string, List<(RunFigures Cold, RunFigures Warm)>> samples)
    {
        var text = new StringBuilder();
        var load = string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
        text.AppendLine(Heading).AppendLine()
            .AppendLine(Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores shared with other work (load average at the end, 1, 5, 15 min: {load}), {options.Runs} rounds:"))
            .AppendLine()
            .AppendLine(Invariant($"    dotnet run -c Release --project bench/StartupBench -- --before <checkout of {checkouts[0].Commit}> --runs {options.Runs}"))
            .AppendLine();
        foreach (var checkout in checkouts)
        {
            text.AppendLine(Invariant($"- {checkout.Label}: {checkout.Commit} ({(checkout.IsAspire ? ".NET Aspire AppHost" : "the previous home-made orchestrator")})"));
        }
        text.AppendLine()
            .AppendLine("""
                Each round starts each checkout as a user does, `dotnet run --project AppHost -c Release --no-build -- --data-dir <folder> --gateway-port <free>`
                (the Aspire AppHost with `--no-launch-profile` and its dashboard on free ports from the environment, Development as its launch profile sets),
                first in an empty data folder (cold: initdb, migrations, demo seed), then again in the same folder (warm). All-healthy: the gateway's
                /health answers 200 with every check Healthy (it reports each service behind it) and the "Messaging is running" summary is printed;
                timed from spawning `dotnet run`. Memory: resident memory (VmRSS) summed over the `dotnet run` process, its descendants and every
                process carrying the run's marker variable (DCP daemonizes), once all-healthy; processes are named by executable, "dotnet run" being
                the SDK's wrapper (one for the AppHost; the services run their built assemblies, `dotnet X.dll`, named X). Stop: SIGTERM to `dotnet run` (what Ctrl+C amounts to)
                until no process of the run is left ("only DCP left": every service, server and the AppHost gone, only the orchestrator's DCP
                processes still running). Median (min to max); before and after take turns in each round.
                """)
            .AppendLine();
        text.AppendLine("| | " + string.Join(" | ", checkouts.Select(c => c.Label)) + " |")
            .AppendLine("|---|" + string.Concat(checkouts.Select(_ => "---:|")));
        Row(text, "cold start to all-healthy, s", checkouts, samples, s => s.Cold.StartSeconds, "0.0");
        Row(text, "warm start to all-healthy, s", checkouts, samples, s => s.Warm.StartSeconds, "0.0");
        Row(text, "memory after cold start, MiB", checkouts, samples, s => s.Cold.ResidentBytes / MiB, "0");
        Row(text, "memory after warm start, MiB", checkouts, samples, s => s.Warm.ResidentBytes / MiB, "0");
        Row(text, "SIGTERM to dotnet run exited, s (warm)", checkouts, samples, s => s.Warm.Stop.RootExitedSeconds, "0.0");
        Row(text, "SIGTERM to only DCP left, s (warm)", checkouts, samples, s => s.Warm.Stop.OnlyDcpLeftSeconds, "0.0");
        Row(text, "SIGTERM to no process left, s (cold)", checkouts, samples, s => s.Cold.Stop.AllGoneSeconds, "0.0");
        Row(text, "SIGTERM to no process left, s (warm)", checkouts, samples, s => s.Warm.Stop.AllGoneSeconds, "0.0");
        Row(text, "processes of the run (warm)", checkouts, samples, s => s.Warm.Processes.Values.Sum(g => g.Count), "0");
        var leftOver = samples.Values.SelectMany(s => s).Sum(s => s.Cold.Stop.LeftOver + s.Warm.Stop.LeftOver);
        text.AppendLine().AppendLine(leftOver == 0
            ? "Every run stopped completely: no process was left to kill."
            : Invariant($"{leftOver} processes were still running 60 s after SIGTERM and were killed."));
        foreach (var checkout in checkouts)
        {
            var last = samples[checkout.Label].SelectMany(s => s.Cold.Stop.LastToGo.Concat(s.Warm.Stop.LastToGo)).Distinct().Order(StringComparer.Ordinal);
            text.AppendLine(Invariant($"Last to exit ({checkout.Label}): {string.Join(", ", last)}."));
        }

        text.AppendLine().AppendLine("Memory after a warm start by process, median MiB (number of processes):").AppendLine()
            .AppendLine("| process | " + string.Join(" | ", checkouts.Select(c => c.Label)) + " |")
            .AppendLine("|---|" + string.Concat(checkouts.Select(_ => "---:|")));
        var names = samples.Values.SelectMany(s => s).SelectMany(s => s.Warm.Processes.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var cells = checkouts.Select(c =>
            {
                var groups = samples[c.Label].Select(s => s.Warm.Processes.GetValueOrDefault(name)).ToList();
                return groups.All(g => g is null)
                    ? ""
                    : Invariant($"{Median(groups.Select(g => (g?.ResidentBytes ?? 0) / MiB)):0} ({Median(groups.Select(g => (double)(g?.Count ?? 0))):0})");
            });
            text.AppendLine($"| {name} | {string.Join(" | ", cells)} |");
        }
        return text.ToString();
    }

    static void Row(StringBuilder text, string label, IReadOnlyList<Checkout> checkouts, IReadOnlyDictionary<string, List<(RunFigures Cold, RunFigures Warm)>> samples, Func<(RunFigures Cold, RunFigures Warm), double> figure, string format)
    {
        var cells = checkouts.Select(c =>
        {
            var values = samples[c.Label].Select(figure).ToList();
            return values.Count == 1
                ? values[0].ToString(format, CultureInfo.InvariantCulture)
                : Invariant($"{Median(values).ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)} to {values.Max().ToString(format, CultureInfo.InvariantCulture)})");
        });
        text.AppendLine($"| {label} | {string.Join(" | ", cells)} |");
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
