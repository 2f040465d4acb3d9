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

    static List<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
    }
}
