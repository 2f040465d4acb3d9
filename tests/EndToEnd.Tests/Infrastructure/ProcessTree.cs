namespace EndToEnd.Tests.Infrastructure;

/// <summary>A process and its descendants, found through /proc.</summary>
public static class ProcessTree
{
    /// <summary>SIGKILL to the descendants first, then the process: none of them gets to clean up.</summary>
    public static void Kill(int pid)
    {
        foreach (var child in Children(pid))
        {
            Kill(child);
        }
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    /// <summary>The process and those of its descendants in its process group: what a terminal's Ctrl+C reaches.</summary>
    public static IReadOnlyList<int> SameGroup(int pid)
    {
        var group = ProcessGroup(pid);
        var found = new List<int> { pid };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(Children(found[i]).Where(child => ProcessGroup(child) == group));
        }
        return found;
    }

    /// <summary>Each process's id and command line, for a failure message.</summary>
    public static string Describe(IEnumerable<int> pids) => string.Join("; ", pids.Select(pid =>
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return $"{pid} {(command.Length > 160 ? command[..160] : command)}";
        }
        catch (IOException)
        {
            return $"{pid} (gone)";
        }
    }));

    static int ProcessGroup(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // After "pid (name) ": state, ppid, pgrp.
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    static List<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
    }
}
