using System.CommandLine;
using Bench;

namespace BillingBench;

public sealed record BenchOptions(TimeSpan Duration, string? ResultsFile)
{
    /// <summary>The options, or null when the line asked for help or was wrong (<paramref name="exitCode"/> says which).</summary>
    public static BenchOptions? Parse(string[] args, out int exitCode)
    {
        var seconds = BenchCommandLine.Option("--seconds", "seconds per scenario", 5.0).Within(0.1, 600.0);
        var results = new Option<string?>("--results") { Description = "the RESULTS.md whose BillingBench section is written" };
        var command = new RootCommand("Credit reservations per second against a real PostgreSQL, through Billing's HTTP API and its ledger.") { seconds, results };
        return BenchCommandLine.Parse(command, args, out exitCode) is { } line
            ? new BenchOptions(TimeSpan.FromSeconds(line.GetValue(seconds)), line.GetValue(results))
            : null;
    }
}
