namespace Messaging.AppHost.Servers;

/// <summary>Where Debian's packages put the servers the product runs when no connection string is given.</summary>
internal static class Binaries
{
    public static string RedisServer() => Find("redis-server", "redis-server", ["/usr/bin", "/usr/local/bin", "/usr/sbin"]);

    /// <summary>A PostgreSQL program (postgres, initdb) of the newest installed major version.</summary>
    public static string Postgres(string program)
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];
        return Find(program, "postgresql", [.. versions, "/usr/bin", "/usr/local/bin"]);
    }

    public static string Setpriv() => Find("setpriv", "util-linux", ["/usr/bin", "/bin"]);

    static string Find(string program, string package, IEnumerable<string> directories) =>
        directories.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
        ?? throw new MissingServerException(program, package);
}

/// <summary>A server program is not installed; the message says which package brings it.</summary>
internal sealed class MissingServerException(string program, string package)
    : Exception($"{program} is not installed. Install the Debian package '{package}' (bash eng/prerequisites does), or give ConnectionStrings__redis / ConnectionStrings__messaging of servers of your own.");
