using System.Diagnostics;
using System.Globalization;

namespace StreamsBench;

/// <summary>Runs redis-benchmark for a case and reads its requests per second from the CSV output.</summary>
internal static class RedisBenchmarkRunner
{
    public static string CommandLine(BenchCase bench, int port) =>
        $"redis-benchmark -h 127.0.0.1 -p {port} -n {bench.Requests} -c {bench.Clients} -P {bench.Pipeline} --csv " + bench.Command switch
        {
            "SET" => "-t set",
            "GET" => "-t get",
            "XADD" => "XADD bench '*' f v",
            _ => throw new ArgumentOutOfRangeException(nameof(bench), bench.Command, "Unknown benchmark command."),
        };

    public static async Task<double> RunAsync(BenchCase bench, int port)
    {
        var arguments = CommandLine(bench, port).Split(' ')[1..].Select(argument => argument.Trim('\'')).ToList();
        var start = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var row = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => !line.StartsWith("\"test\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"redis-benchmark printed no result: {output}");
        return double.Parse(row.Split(',')[1].Trim('"'), CultureInfo.InvariantCulture);
    }
}
