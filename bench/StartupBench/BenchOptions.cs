using System.Globalization;

namespace StartupBench;

public sealed record BenchOptions(string BeforeRoot, string AfterRoot, int Runs, string? ResultsFile, TimeSpan StartTimeout)
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/StartupBench -- --before PATH [options]
          --before PATH     checkout of the commit before Aspire, built with dotnet build -c Release
          --after PATH      checkout after it (default: this repository)
          --runs N          cold + warm starts per checkout (default 3)
          --quick           one run each, written only with --results; exits 1 if a run never gets all-healthy
          --results FILE    where to write the StartupBench section (default bench/RESULTS.md unless --quick)
        """;

    /// <summary>The options, or null when they are wrong.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        string? before = null, results = null;
        var after = RepositoryRoot();
        var runs = 3;
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--before": before = Value(); break;
                case "--after": after = Value(); break;
                case "--runs" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0: runs = n; break;
                case "--quick": quick = true; break;
                case "--results": results = Value(); break;
                default: return null;
            }
        }
        if (before is null || after is null)
        {
            return null;
        }
        results ??= quick ? null : Path.Combine(RepositoryRoot(), "bench", "RESULTS.md");
        return new BenchOptions(Path.GetFullPath(before), Path.GetFullPath(after), quick ? 1 : runs, results, TimeSpan.FromMinutes(4));
    }

    /// <summary>The checkout this bench was built from: its output sits in bench/StartupBench/bin/&lt;configuration&gt;/&lt;framework&gt;/.</summary>
    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Messaging.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Messaging.sln not found above " + AppContext.BaseDirectory);
    }
}
