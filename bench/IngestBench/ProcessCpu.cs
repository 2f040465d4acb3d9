using System.Globalization;

namespace IngestBench;

/// <summary>
/// CPU time (user + system) that named processes used, from /proc/PID/stat. On a machine whose
/// cores the load generator shares with the services, CPU per request is the steadier figure:
/// throughput and tail latency move with whatever else the host runs.
/// </summary>
public sealed class ProcessCpu(IReadOnlyList<(string Name, Func<IEnumerable<int>> Pids)> processes)
{
    static readonly double TicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux

    public IReadOnlyList<string> Names => [.. processes.Select(p => p.Name)];

    /// <summary>Per name, the CPU seconds of its processes together (DCP is several).</summary>
    public double[] Seconds() => [.. processes.Select(p => p.Pids().Sum(Read))];

    static double Read(int pid)
    {
        try
        {
            // Fields after the command name, which is in parentheses and may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
