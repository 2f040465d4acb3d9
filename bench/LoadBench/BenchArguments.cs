using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Bench;

namespace LoadBench;

/// <summary>
/// <c>--rates 5,50,100,500 --seconds 20 --peers DIR --results FILE</c>, or <c>--quick</c>:
/// 50 messages at 20/s, every one acknowledged and answered exactly once or the run fails.
/// </summary>
public sealed record BenchArguments(bool Quick, IReadOnlyList<int> Rates, double Seconds, int? Count, string? Peers, string? Results)
{
    /// <summary>The arguments, or null when the line asked for help or was wrong (<paramref name="exitCode"/> says which).</summary>
    public static BenchArguments? Parse(string[] args, out int exitCode)
    {
        var quick = new Option<bool>("--quick") { Description = "50 messages at 20/s, each acknowledged and answered exactly once or the run fails" };
        var rates = new Option<int[]>("--rates")
        {
            Description = "arrival rates in messages per second, comma-separated",
            DefaultValueFactory = _ => [5, 50, 100, 500],
            CustomParser = result => ParseRates(result),
        };
        var seconds = BenchCommandLine.Option("--seconds", "seconds of load per rate", 20.0).Within(1.0, 600.0);
        var count = new Option<int?>("--count") { Description = "messages per rate instead of rate x seconds" };
        var peers = new Option<string?>("--peers") { Description = "folder of the reference servers measured as the acknowledgement baseline" };
        var results = new Option<string?>("--results") { Description = "the RESULTS.md whose LoadBench section is written" };
        var command = new RootCommand("Reply latency of canned answers under a fixed arrival rate, through the whole product.")
            { quick, rates, seconds, count, peers, results };
        if (BenchCommandLine.Parse(command, args, out exitCode) is not { } line)
        {
            return null;
        }
        return line.GetValue(quick)
            ? new BenchArguments(true, [20], 2.5, 50, line.GetValue(peers), null)
            : new BenchArguments(false, line.GetValue(rates)!, line.GetValue(seconds), line.GetValue(count), line.GetValue(peers), line.GetValue(results));
    }

    static int[] ParseRates(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var rates = text.Split(',').Select(rate => int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0).ToArray();
        if (text.Length == 0 || rates.Any(rate => rate is < 1 or > 5000))
        {
            result.AddError($"--rates must be comma-separated rates from 1 to 5000 messages/s, not '{text}'.");
        }
        return rates;
    }

    /// <summary>Messages in one run at <paramref name="rate"/>.</summary>
    public int MessagesAt(int rate) => Count ?? (int)Math.Ceiling(rate * Seconds);
}
