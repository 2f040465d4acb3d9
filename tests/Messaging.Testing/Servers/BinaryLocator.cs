namespace Messaging.Testing.Servers;

/// <summary>Finds server binaries on PATH or where Debian installs them.</summary>
public static class BinaryLocator
{
    public static string Find(string binary, string debianPackage, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var candidates = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(extraDirectories);
        foreach (var directory in candidates)
        {
            var file = Path.Combine(directory, binary);
            if (File.Exists(file))
            {
                return file;
            }
        }
        throw new MissingDependencyException(binary, debianPackage);
    }

    /// <summary>PostgreSQL's server binaries live in a versioned folder that is not on PATH.</summary>
    public static string FindPostgres(string binary)
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
                .ToArray()
            : [];
        return Find(binary, "postgresql", versions);
    }
}
