namespace EndToEnd.Tests.Infrastructure;

/// <summary>Where browser tests leave their screenshots: artifacts/screenshots at the repository root.</summary>
public static class Screenshots
{
    public static string PathFor(string file)
    {
        // The AppHost's project path is its folder, at the repository root.
        var directory = Path.GetFullPath(Path.Combine(Projects.AppHost.ProjectPath, "..", "artifacts", "screenshots"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, file);
    }
}
