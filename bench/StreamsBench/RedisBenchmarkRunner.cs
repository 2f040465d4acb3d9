using System.Diagnostics;
using System.Globalization;

namespace StreamsBench;

/// <summary>What redis-benchmark reported for one command: requests per second and latency percentiles.</summary>
internal sealed record RedisBenchmarkResult(string CommandLine, double RequestsPerSecond, double P50Ms, double P99Ms);

/// <summary>Runs redis-benchmark with a command of our own and reads its CSV summary line.</summary>
internal static class RedisBenchmarkRunner
{
    public static async Task<RedisBenchmarkResult> RunAsync(int port, int requests, int clients, IReadOnlyList<string> command)
    {
        List<string> arguments = ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture), "-P", "1", "--csv", .. command];
        var start = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var row = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => !line.StartsWith("\"test\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"redis-benchmark printed no result: {output}");
        // The test name (the command itself) may hold commas and quotes; the seven numbers at the end hold none.
        var cells = row.Split(',').TakeLast(7).Select(cell => cell.Trim('"')).ToArray();
        var shown = string.Join(' ', arguments.Select(argument => argument.Any(c => c is ' ' or '"' or '*' or '>' or '{') ? $"'{argument}'" : argument));
        return new RedisBenchmarkResult(
            "redis-benchmark " + shown.Replace($"-p {port}", "-p <port>", StringComparison.Ordinal),
            Number(cells[0]),
            Number(cells[3]),
            Number(cells[5]));
    }

    static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
