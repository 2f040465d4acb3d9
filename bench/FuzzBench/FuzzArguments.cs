using System.Globalization;

namespace FuzzBench;

/// <summary>
/// <c>--count N --rate R --hostile 0.5 --seed S --results FILE</c>, or <c>--quick</c>: 200 requests at
/// 20/s, half of them hostile, correctness only. Without <c>--seed</c> the seed is drawn and printed.
/// </summary>
public sealed record FuzzArguments(bool Quick, int Count, int Rate, double HostileShare, int Seed, string? Results)
{
    public static FuzzArguments Parse(string[] args)
    {
        var quick = false;
        var count = 4000;
        var rate = 80;
        var hostile = 0.5;
        int? seed = null;
        string? results = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--count":
                    count = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--rate":
                    rate = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--hostile":
                    hostile = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--results":
                    results = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}. Use --quick, or --count 4000 --rate 80 [--hostile 0.5] [--seed N] [--results bench/RESULTS.md].");
            }
        }
        var chosenSeed = seed ?? Random.Shared.Next();
        if (quick)
        {
            return new FuzzArguments(true, 200, 20, 0.5, chosenSeed, null);
        }
        if (count is < 10 or > 100_000 || rate is < 1 or > 2000 || hostile is <= 0 or >= 1)
        {
            throw new ArgumentException("--count must be 10..100000, --rate 1..2000 requests/s and --hostile strictly between 0 and 1.");
        }
        return new FuzzArguments(false, count, rate, hostile, chosenSeed, results);
    }

    /// <summary>The command that reproduces this run, as RESULTS.md shows it.</summary>
    public string Command(string configuration) => Quick
        ? $"dotnet run -c {configuration} --project bench/FuzzBench -- --quick --seed {Seed}"
        : string.Create(CultureInfo.InvariantCulture, $"dotnet run -c {configuration} --project bench/FuzzBench -- --count {Count} --rate {Rate} --hostile {HostileShare} --seed {Seed}") + (Results is null ? "" : $" --results {Results}");
}
