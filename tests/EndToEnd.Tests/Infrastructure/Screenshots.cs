namespace EndToEnd.Tests.Infrastructure;

/// <summary>Where browser tests leave their screenshots: artifacts/screenshots at the repository root.</summary>
public static class Screenshots
{
    public static string PathFor(string file)
    {
        var directory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Projects.AppHost.ProjectPath)!, "..", "artifacts", "screenshots"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, file);
    }
}
