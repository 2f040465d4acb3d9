using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Messaging.Testing.Servers;

/// <summary>PostgreSQL will not run as root; as root we drop to the <c>postgres</c> user Debian's package creates.</summary>
internal static partial class RunAsPostgresUser
{
    const string User = "postgres";

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    public static ProcessSpec Wrap(string binary, IReadOnlyList<string> arguments)
    {
        if (!IsRoot)
        {
            return new ProcessSpec(binary, arguments);
        }
        EnsureUserExists();
        // setpriv execs in place (no fork), so the child's PID is the server's and signals reach it.
        return new ProcessSpec(BinaryLocator.Find("setpriv", "util-linux", "/usr/bin"),
            ["--reuid=" + User, "--regid=" + User, "--init-groups", "--", binary, .. arguments]);
    }

    public static async Task GiveOwnershipAsync(string directory)
    {
        if (!IsRoot)
        {
            return;
        }
        await using var chown = ChildProcess.Start(new ProcessSpec("chown", ["-R", $"{User}:{User}", directory]), _ => { });
        if (await chown.Exited.ConfigureAwait(false) != 0)
        {
            throw new InvalidOperationException($"Could not give {directory} to the {User} user.");
        }
    }

    /// <summary>
    /// As root, a data folder under a private directory such as /root cannot be reached by the
    /// postgres user: such a cluster goes to a folder under /var/tmp named after the requested one.
    /// </summary>
    public static string ReachableDirectory(string requested, Action<string> log)
    {
        if (!IsRoot || OthersCanTraverse(Path.GetDirectoryName(requested)!))
        {
            return requested;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..12].ToLowerInvariant();
        var fallback = Path.Combine("/var/tmp", "messaging-postgres-" + hash);
        log($"The postgres user cannot reach {requested}; the cluster lives in {fallback} instead.");
        return fallback;
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

    static void EnsureUserExists()
    {
        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith(User + ":", StringComparison.Ordinal)))
        {
            throw new MissingDependencyException("postgres (user)", "postgresql");
        }
    }
}
