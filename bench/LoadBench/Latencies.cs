using System.Globalization;

namespace LoadBench;

/// <summary>p50, p90, p99 and max of a set of latencies, in milliseconds (nearest rank).</summary>
public sealed record Latencies(int Count, double P50, double P90, double P99, double Max)
{
    public static Latencies Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latencies(sorted.Length, At(50), At(90), At(99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    /// <summary>p50, p90, p99 and max as four table cells.</summary>
    public string Cells => string.Join(" | ", new[] { P50, P90, P99, Max }.Select(Format));

    static string Format(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
