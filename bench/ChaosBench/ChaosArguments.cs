using System.CommandLine;
using Bench;

namespace ChaosBench;

/// <summary>
/// <c>--rate 8 --slot-seconds 20 --results FILE</c>, or <c>--quick</c>: a few faults at a small
/// rate, correctness asserted, no baseline, no timing judged.
/// </summary>
public sealed record ChaosArguments(bool Quick, int Rate, double SlotSeconds, string? Results)
{
    /// <summary>The arguments, or null when the line asked for help or was wrong (<paramref name="exitCode"/> says which).</summary>
    public static ChaosArguments? Parse(string[] args, out int exitCode)
    {
        var quick = new Option<bool>("--quick") { Description = "the Agent, Ingest and Redis killed once each at 4 messages/s: correctness only" };
        var rate = BenchCommandLine.Option("--rate", "messages per second", 8).Within(1, 200);
        var slotSeconds = BenchCommandLine.Option("--slot-seconds", "seconds of load per fault", 30.0).Within(10.0, 600.0);
        var results = new Option<string?>("--results") { Description = "the RESULTS.md whose ChaosBench section is written" };
        var command = new RootCommand("Load with services, Redis and PostgreSQL killed at random moments; exits 1 on any lost, doubled or stuck message.")
            { quick, rate, slotSeconds, results };
        if (BenchCommandLine.Parse(command, args, out exitCode) is not { } line)
        {
            return null;
        }
        return line.GetValue(quick)
            ? new ChaosArguments(true, 4, 12, null)
            : new ChaosArguments(false, line.GetValue(rate), line.GetValue(slotSeconds), line.GetValue(results));
    }

    public IReadOnlyList<Fault> Faults => Quick ? Fault.QuickPlan : Fault.FullPlan;

    /// <summary>One slot per fault and one more after the last, so the load outlasts every recovery.</summary>
    public int Messages => (int)Math.Ceiling(Rate * SlotSeconds * (Faults.Count + 1));
}
