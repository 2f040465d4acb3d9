using System.CommandLine;
using Bench;

namespace StartupBench;

public sealed record BenchOptions(string BeforeRoot, string AfterRoot, int Runs, string? ResultsFile, TimeSpan StartTimeout)
{
    /// <summary>The options, or null when the line asked for help or was wrong (<paramref name="exitCode"/> says which).</summary>
    public static BenchOptions? Parse(string[] args, out int exitCode)
    {
        var before = new Option<string>("--before") { Description = "checkout of the commit before Aspire, built with dotnet build -c Release", Required = true };
        var after = BenchCommandLine.Option("--after", "checkout after it", RepositoryRoot());
        var runs = BenchCommandLine.Option("--runs", "cold + warm starts per checkout", 3).Within(1, 50);
        var quick = new Option<bool>("--quick") { Description = "one run each, written only with --results; exits 1 if a run never gets all-healthy" };
        var results = new Option<string?>("--results") { Description = "where the StartupBench section is written (default bench/RESULTS.md unless --quick)" };
        var command = new RootCommand("Cold and warm start to all-healthy, memory and stop time of two checkouts, built in Release beforehand.")
            { before, after, runs, quick, results };
        if (BenchCommandLine.Parse(command, args, out exitCode) is not { } line)
        {
            return null;
        }
        var isQuick = line.GetValue(quick);
        var resultsFile = line.GetValue(results) ?? (isQuick ? null : Path.Combine(RepositoryRoot(), "bench", "RESULTS.md"));
        return new BenchOptions(Path.GetFullPath(line.GetValue(before)!), Path.GetFullPath(line.GetValue(after)!), isQuick ? 1 : line.GetValue(runs), resultsFile, TimeSpan.FromMinutes(4));
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
