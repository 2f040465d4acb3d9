using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Messaging.AppHost.Servers;

/// <summary>PostgreSQL refuses to run as root; as root its programs run as the <c>postgres</c> user Debian's package creates.</summary>
internal static partial class PostgresUser
{
    public const string Name = "postgres";

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool MustSwitch => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    /// <summary>The command and arguments that run <paramref name="program"/> as the postgres user when needed.</summary>
    public static (string Command, string[] Prefix) Command(string program)
    {
        if (!MustSwitch)
        {
            return (program, []);
        }
        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith(Name + ":", StringComparison.Ordinal)))
        {
            throw new MissingServerException("the postgres user", "postgresql");
        }
        // setpriv execs in place (no fork), so the orchestrator's signals reach the server itself.
        return (Binaries.Setpriv(), ["--reuid=" + Name, "--regid=" + Name, "--init-groups", "--", program]);
    }

    public static void GiveOwnership(string path)
    {
        if (!MustSwitch)
        {
            return;
        }
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{Name}:{Name}", path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not give {path} to the {Name} user (chown exited {chown.ExitCode}).");
        }
    }

    /// <summary>
    /// As root, a data folder under a private directory such as /root cannot be reached by the
    /// postgres user: such a cluster lives in a folder under /var/tmp named after the requested one.
    /// </summary>
    public static string ReachableDirectory(string requested)
    {
        if (!MustSwitch || OthersCanTraverse(Path.GetDirectoryName(requested)!))
        {
            return requested;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..12].ToLowerInvariant();
        return Path.Combine("/var/tmp", "messaging-postgres-" + hash);
    }

    static bool OthersCanTraverse(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (current.Exists && !current.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }
}
