using System.Globalization;

namespace ChaosBench;

/// <summary>
/// <c>--rate 8 --slot-seconds 20 --results FILE</c>, or <c>--quick</c>: a few faults at a small
/// rate, correctness asserted, no baseline, no timing judged.
/// </summary>
public sealed record ChaosArguments(bool Quick, int Rate, double SlotSeconds, string? Results)
{
    public static ChaosArguments Parse(string[] args)
    {
        var quick = false;
        var rate = 8;
        var slotSeconds = 30.0;
        string? results = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--rate":
                    rate = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--slot-seconds":
                    slotSeconds = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--results":
                    results = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}. Use --quick, or --rate 8 --slot-seconds 20 [--results bench/RESULTS.md].");
            }
        }
        if (quick)
        {
            return new ChaosArguments(true, 4, 12, null);
        }
        if (rate is < 1 or > 200 || slotSeconds is < 10 or > 600)
        {
            throw new ArgumentException("--rate must be 1..200 messages/s and --slot-seconds 10..600.");
        }
        return new ChaosArguments(false, rate, slotSeconds, results);
    }

    public IReadOnlyList<Fault> Faults => Quick ? Fault.QuickPlan : Fault.FullPlan;

    /// <summary>One slot per fault and one more after the last, so the load outlasts every recovery.</summary>
    public int Messages => (int)Math.Ceiling(Rate * SlotSeconds * (Faults.Count + 1));
}
