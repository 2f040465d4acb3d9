using System.Globalization;
using StartupBench;

// Cold and warm start time to all-healthy, memory of the whole local run and stop time, of two
// checkouts (before and after the move to Aspire) in one run on the same machine. Both must be
// built in Release beforehand: the bench starts them with --no-build and builds nothing itself.
if (BenchOptions.Parse(args, out var exitCode) is not { } options)
{
    return exitCode;
}
var checkouts = new[] { new Checkout("before", options.BeforeRoot), new Checkout("after", options.AfterRoot) };
var work = Path.Combine(Path.GetTempPath(), "startup-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
Console.WriteLine($"Logs in {work}");

var samples = checkouts.ToDictionary(c => c.Label, _ => new List<(RunFigures Cold, RunFigures Warm)>());
try
{
    // Before and after take turns, so a busier minute on the shared cores falls on both.
    for (var round = 1; round <= options.Runs; round++)
    {
        foreach (var checkout in checkouts)
        {
            var data = Path.Combine(work, $"{checkout.Label}-{round}-data");
            var log = Path.Combine(work, $"{checkout.Label}-{round}.log");
            var cold = await LocalRun.MeasureAsync(checkout, data, log, options.StartTimeout);
            Report(checkout, round, "cold", cold);
            // The same folder again: initdb done, database migrated, demo seeded.
            var warm = await LocalRun.MeasureAsync(checkout, data, log, options.StartTimeout);
            Report(checkout, round, "warm", warm);
            samples[checkout.Label].Add((cold, warm));
            TryDelete(data);
        }
    }
}
catch (StartFailedException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

var section = StartupReport.Render(options, checkouts, samples);
Console.WriteLine(section);
if (options.ResultsFile is { } results)
{
    Bench.ResultsSection.Replace(results, StartupReport.Heading, section);
    Console.WriteLine($"Written to {results}");
}
TryDelete(work);
return 0;

static void Report(Checkout checkout, int round, string kind, RunFigures figures) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{checkout.Label} #{round} {kind}: all-healthy {figures.StartSeconds:0.0} s, {figures.ResidentBytes / 1048576.0:0} MiB resident, dotnet run exited {figures.Stop.RootExitedSeconds:0.0} s after SIGTERM, only DCP left after {figures.Stop.OnlyDcpLeftSeconds:0.0} s, all gone after {figures.Stop.AllGoneSeconds:0.0} s (last: {string.Join(", ", figures.Stop.LastToGo)}){(figures.Stop.LeftOver > 0 ? $", {figures.Stop.LeftOver} left and killed" : "")}"));

static void TryDelete(string directory)
{
    try
    {
        Directory.Delete(directory, recursive: true);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        // PostgreSQL's files belong to its own user; a leftover temporary folder is harmless.
    }
}
