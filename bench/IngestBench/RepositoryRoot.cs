namespace IngestBench;

/// <summary>The checkout this bench was built from: its output sits in bench/IngestBench/bin/&lt;configuration&gt;/&lt;framework&gt;/.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Messaging.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Messaging.sln not found above " + AppContext.BaseDirectory);
    }
}
