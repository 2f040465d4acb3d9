using System.Globalization;

namespace LoadBench;

/// <summary>
/// <c>--rates 5,50,100,500 --seconds 20 --peers DIR --results FILE</c>, or <c>--quick</c>:
/// 50 messages at 20/s, every one acknowledged and answered exactly once or the run fails.
/// </summary>
public sealed record BenchArguments(bool Quick, IReadOnlyList<int> Rates, double Seconds, int? Count, string? Peers, string? Results)
{
    public static BenchArguments Parse(string[] args)
    {
        var quick = false;
        IReadOnlyList<int> rates = [5, 50, 100, 500];
        var seconds = 20.0;
        int? count = null;
        string? peers = null;
        string? results = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--rates":
                    rates = [.. Value().Split(',').Select(rate => int.Parse(rate, CultureInfo.InvariantCulture))];
                    break;
                case "--seconds":
                    seconds = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--count":
                    count = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--peers":
                    peers = Value();
                    break;
                case "--results":
                    results = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}. Use --quick, or --rates 5,50 --seconds 20 [--peers DIR] [--results bench/RESULTS.md].");
            }
        }
        if (quick)
        {
            return new BenchArguments(true, [20], 2.5, 50, peers, null);
        }
        if (rates.Count == 0 || rates.Any(rate => rate is < 1 or > 5000) || seconds is < 1 or > 600)
        {
            throw new ArgumentException("Rates must be 1..5000 messages/s and --seconds 1..600.");
        }
        return new BenchArguments(false, rates, seconds, count, peers, results);
    }

    /// <summary>Messages in one run at <paramref name="rate"/>.</summary>
    public int MessagesAt(int rate) => Count ?? (int)Math.Ceiling(rate * Seconds);
}
