using System.Globalization;
using System.Text;

namespace StartupBench;

/// <summary>What /proc tells about the processes of one local run.</summary>
public static class ProcessTable
{
    /// <summary>
    /// The launched process, its descendants, and every process whose environment carries the
    /// run's marker: DCP daemonizes, so parentage alone misses it and what it starts.
    /// </summary>
    public static IReadOnlyList<int> OfRun(int rootPid, string markerVariable, string markerValue)
    {
        var marker = Encoding.UTF8.GetBytes(markerVariable + "=" + markerValue + "\0");
        var parents = new Dictionary<int, int>();
        var found = new HashSet<int>();
        foreach (var pid in AllPids())
        {
            if (pid == Environment.ProcessId || IsZombie(pid))
            {
                continue;
            }
            if (ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
            if (EnvironmentContains(pid, marker))
            {
                found.Add(pid);
            }
        }
        if (parents.ContainsKey(rootPid) || Directory.Exists($"/proc/{rootPid}"))
        {
            found.Add(rootPid);
        }
        // Descendants of anything found so far, marked or not (a process may clear its environment).
        bool added;
        do
        {
            added = false;
            foreach (var (pid, parent) in parents)
            {
                if (found.Contains(parent) && found.Add(pid))
                {
                    added = true;
                }
            }
        }
        while (added);
        return [.. found.Where(pid => !IsZombie(pid)).Order()];
    }

    /// <summary>Resident memory in bytes (VmRSS), 0 for a process that is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        var line = Read($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        // "VmRSS:	  123456 kB"
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// A name that tells the processes of a run apart: the executable's file name ("Gateway",
    /// "redis-server"), "dotnet run" for the SDK's wrapper, the assembly for <c>dotnet [exec] X.dll</c>,
    /// DCP with its subcommand ("dcp monitor-process": one per service), and the kernel's name
    /// for processes that rewrite their command line (PostgreSQL's backends).
    /// </summary>
    public static string NameOf(int pid)
    {
        var arguments = (Read($"/proc/{pid}/cmdline") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (arguments.Length == 0 || (arguments.Length == 1 && arguments[0].Contains(' ', StringComparison.Ordinal)))
        {
            return Read($"/proc/{pid}/comm")?.Trim() ?? "?";
        }
        var executable = Path.GetFileName(arguments[0]);
        return (executable, arguments.Length > 1 ? arguments[1] : "") switch
        {
            ("dotnet", "run") => "dotnet run",
            ("dotnet", var assembly) when assembly.EndsWith(".dll", StringComparison.Ordinal) => Path.GetFileNameWithoutExtension(assembly),
            ("dotnet", "exec") when arguments.Length > 2 => Path.GetFileNameWithoutExtension(arguments[2]),
            ("dcp", var command) when command.Length > 0 && !command.StartsWith('-') => "dcp " + command,
            _ => executable,
        };
    }

    static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    static int? ParentOf(int pid) =>
        Stat(pid) is { } fields && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent) ? parent : null;

    static bool IsZombie(int pid) => Stat(pid) is not { } fields || fields[0] == "Z";

    /// <summary>The fields after the command name, which is in parentheses and may hold spaces: state, ppid, ...</summary>
    static string[]? Stat(int pid) =>
        Read($"/proc/{pid}/stat") is { } stat ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ') : null;

    static bool EnvironmentContains(int pid, byte[] marker)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid}/environ").AsSpan().IndexOf(marker) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone meanwhile, or a kernel thread
        }
    }

    static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
