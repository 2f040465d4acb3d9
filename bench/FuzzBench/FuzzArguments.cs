using System.CommandLine;
using System.Globalization;
using Bench;

namespace FuzzBench;

/// <summary>
/// <c>--count N --rate R --hostile 0.5 --seed S --results FILE</c>, or <c>--quick</c>: 200 requests at
/// 20/s, half of them hostile, correctness only. Without <c>--seed</c> the seed is drawn and printed.
/// </summary>
public sealed record FuzzArguments(bool Quick, int Count, int Rate, double HostileShare, int Seed, string? Results)
{
    /// <summary>The arguments, or null when the line asked for help or was wrong (<paramref name="exitCode"/> says which).</summary>
    public static FuzzArguments? Parse(string[] args, out int exitCode)
    {
        var quick = new Option<bool>("--quick") { Description = "200 requests at 20/s, half of them hostile: correctness only" };
        var count = BenchCommandLine.Option("--count", "requests in the run", 4000).Within(10, 100_000);
        var rate = BenchCommandLine.Option("--rate", "requests per second", 80).Within(1, 2000);
        var hostile = BenchCommandLine.Option("--hostile", "share of hostile requests, strictly between 0 and 1", 0.5);
        hostile.CustomParser = BenchCommandLine.Number<double>(hostile.Name, share => share is > 0 and < 1, "strictly between 0 and 1");
        var seed = new Option<int?>("--seed") { Description = "the seed of a run to reproduce (drawn and printed when absent)" };
        var results = new Option<string?>("--results") { Description = "the RESULTS.md whose FuzzBench section is written" };
        var command = new RootCommand("Hostile webhooks mixed with valid ones at load; exits 1 on any 5xx, leaked internals, lost or doubled message.")
            { quick, count, rate, hostile, seed, results };
        if (BenchCommandLine.Parse(command, args, out exitCode) is not { } line)
        {
            return null;
        }
        var chosenSeed = line.GetValue(seed) ?? Random.Shared.Next();
        return line.GetValue(quick)
            ? new FuzzArguments(true, 200, 20, 0.5, chosenSeed, null)
            : new FuzzArguments(false, line.GetValue(count), line.GetValue(rate), line.GetValue(hostile), chosenSeed, line.GetValue(results));
    }

    /// <summary>The command that reproduces this run, as RESULTS.md shows it.</summary>
    public string Command(string configuration) => Quick
        ? $"dotnet run -c {configuration} --project bench/FuzzBench -- --quick --seed {Seed}"
        : string.Create(CultureInfo.InvariantCulture, $"dotnet run -c {configuration} --project bench/FuzzBench -- --count {Count} --rate {Rate} --hostile {HostileShare} --seed {Seed}") + (Results is null ? "" : $" --results {Results}");
}
