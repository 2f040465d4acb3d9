namespace IngestBench;

/// <summary>
/// The process that actually serves a resource. Aspire starts a project through
/// <c>dotnet run --project X --no-build</c> and reports that wrapper's PID; the wrapper only
/// waits for its child, so CPU must be read from the child.
/// </summary>
public static class ServiceProcess
{
    public static int Resolve(int reportedPid)
    {
        if (!IsDotnetRun(reportedPid))
        {
            return reportedPid;
        }
        var children = Children(reportedPid);
        return children.Count == 1 ? children[0] : reportedPid;
    }

    static bool IsDotnetRun(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dotnet" && arguments[1] == "run";
        }
        catch (IOException)
        {
            return false;
        }
    }

    static List<int> Children(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(int.Parse)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Live processes running <paramref name="executable"/> whose environment holds <paramref name="variable"/>=<paramref name="value"/>.</summary>
    public static IReadOnlyList<int> WithExecutableAndVariable(string executable, string variable, string value)
    {
        var marker = System.Text.Encoding.UTF8.GetBytes(variable + "=" + value + "\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0];
                if (Path.GetFileName(command) == executable && File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(marker) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or a kernel thread.
            }
        }
        return found;
    }
}
