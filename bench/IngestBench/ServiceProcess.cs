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
}
