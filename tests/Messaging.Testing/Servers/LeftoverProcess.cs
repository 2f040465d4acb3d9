namespace Messaging.Testing.Servers;

/// <summary>Stops a server recorded in a pid file by an earlier run that did not shut it down.</summary>
internal static class LeftoverProcess
{
    public static async Task StopAsync(string pidFile, string expectedName, int signal)
    {
        if (!File.Exists(pidFile) ||
            !int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid) ||
            !IsNamed(pid, expectedName))
        {
            return;
        }
        Signals.Send(pid, signal);
        for (var i = 0; i < 150 && Signals.IsAlive(pid) && IsNamed(pid, expectedName); i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
        if (IsNamed(pid, expectedName))
        {
            Signals.Send(pid, Signals.SigKill);
        }
    }

    static bool IsNamed(int pid, string name)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm.StartsWith(name[..Math.Min(name.Length, 15)], StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
