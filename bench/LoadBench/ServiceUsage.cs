using System.Globalization;
using IngestBench;

namespace LoadBench;

/// <summary>
/// CPU seconds (user + system, /proc/PID/stat) each process group used during a run, and its
/// resident memory (VmRSS, /proc/PID/status) at the end of it. PostgreSQL is its postmaster and
/// every backend under it.
/// </summary>
public sealed class ServiceUsage(IReadOnlyList<(string Name, Func<IEnumerable<int>> Pids)> processes)
{
    readonly ProcessCpu _cpu = new(processes);

    public IReadOnlyList<string> Names => _cpu.Names;

    public double[] CpuSeconds() => _cpu.Seconds();

    public double[] ResidentMiB() => [.. processes.Select(p => p.Pids().Sum(Resident) / 1024.0)];

    /// <summary>A process and all its descendants.</summary>
    public static IEnumerable<int> WithDescendants(int? pid)
    {
        if (pid is not { } root)
        {
            yield break;
        }
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var next))
        {
            yield return next;
            foreach (var child in Children(next))
            {
                pending.Push(child);
            }
        }
    }

    static IEnumerable<int> Children(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    static long Resident(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
