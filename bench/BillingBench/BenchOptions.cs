using System.Globalization;

namespace BillingBench;

public sealed record BenchOptions(TimeSpan Duration, string? ResultsFile)
{
    public static BenchOptions Parse(string[] args)
    {
        var seconds = 5.0;
        string? results = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 600:
                    seconds = s;
                    i++;
                    break;
                case "--results" when i + 1 < args.Length:
                    results = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown or invalid argument '{args[i]}'. Usage: [--seconds 1-600] [--results path/to/RESULTS.md]");
            }
        }
        return new BenchOptions(TimeSpan.FromSeconds(seconds), results);
    }
}
