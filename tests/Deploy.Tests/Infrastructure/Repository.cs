namespace Deploy.Tests.Infrastructure;

/// <summary>The repository the tests run from, found by its solution file above the test's output folder.</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>The folders of deploy/ this project's deployment files live in (deploy/postgres is the roles script's own).</summary>
    public static readonly string[] DeploymentFolders = ["deploy/docker", "deploy/compose", "deploy/kubernetes"];

    /// <summary>Every committed file of <see cref="DeploymentFolders"/> (generated secrets excluded).</summary>
    public static IEnumerable<string> DeploymentFiles() =>
        DeploymentFolders.SelectMany(folder => Directory.EnumerateFiles(PathOf(folder), "*", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}secrets{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Messaging.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Messaging.sln above {AppContext.BaseDirectory}.");
    }
}
