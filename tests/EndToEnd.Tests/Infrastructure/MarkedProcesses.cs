using System.Text;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>Finds live processes that carry a run's marker (<see cref="TestApp.MarkerVariable"/>) in their environment.</summary>
public static class MarkedProcesses
{
    public static IReadOnlyList<int> Find(string instanceId)
    {
        var marker = Encoding.UTF8.GetBytes(TestApp.MarkerVariable + "=" + instanceId + "\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environ.AsSpan().IndexOf(marker) >= 0 && !IsZombie(directory))
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

    static bool IsZombie(string directory) =>
        File.ReadAllText(Path.Combine(directory, "stat")).Split(") ", 2) is [_, var rest] && rest.StartsWith('Z');
}
