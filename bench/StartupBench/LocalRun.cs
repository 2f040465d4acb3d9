using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StartupBench;

/// <summary>Time to all-healthy, memory once healthy, and time to stop, of one local run.</summary>
public sealed record RunFigures(double StartSeconds, IReadOnlyDictionary<string, ProcessGroup> Processes, StopFigures Stop)
{
    public long ResidentBytes => Processes.Values.Sum(g => g.ResidentBytes);
}

/// <summary>
/// From SIGTERM: until <c>dotnet run</c> exited, until nothing but the orchestrator's own DCP
/// processes was left (every service, server and the AppHost gone), and until no process of the
/// run was left; which processes were the last to go; how many were still there after 60 s (then killed).
/// </summary>
public sealed record StopFigures(double RootExitedSeconds, double OnlyDcpLeftSeconds, double AllGoneSeconds, IReadOnlyList<string> LastToGo, int LeftOver);

/// <summary>The processes of a run that share a name ("postgres" is several), and their resident memory together.</summary>
public sealed record ProcessGroup(int Count, long ResidentBytes);

/// <summary>
/// One <c>dotnet run --project AppHost</c> as a user starts it, in a data folder of its own.
/// All-healthy is the gateway's /health answering 200 with every check Healthy (it reports each
/// service behind it) and the AppHost having printed its "Messaging is running" summary.
/// </summary>
public static partial class LocalRun
{
    const string MarkerVariable = "MESSAGING_BENCH_RUN";
    const string SummaryLine = "Messaging is running";
    const int SigTerm = 15;
    const int SigKill = 9;

    public static async Task<RunFigures> MeasureAsync(Checkout checkout, string dataDirectory, string logFile, TimeSpan timeout)
    {
        var marker = Guid.NewGuid().ToString("N");
        var gatewayPort = FreePorts.Next();
        var start = checkout.LocalRun(dataDirectory, gatewayPort, MarkerVariable, marker);

        using var log = TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        var summaryPrinted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, line) =>
        {
            log.WriteLine(line.Data);
            if (line.Data?.Contains(SummaryLine, StringComparison.Ordinal) == true)
            {
                summaryPrinted.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            var healthy = GatewayHealth.WaitUntilAllHealthyAsync(gatewayPort, cancel.Token);
            var exited = process.WaitForExitAsync(cancel.Token);
            var allHealthy = Task.WhenAll(healthy, summaryPrinted.Task.WaitAsync(cancel.Token));
            if (await Task.WhenAny(allHealthy, exited) != allHealthy || !allHealthy.IsCompletedSuccessfully)
            {
                throw new StartFailedException(process.HasExited
                    ? $"{checkout.Label}: the AppHost exited with {process.ExitCode} before all-healthy; see {logFile}"
                    : $"{checkout.Label}: not all-healthy within {timeout.TotalSeconds:0} s; see {logFile}");
            }
            var startSeconds = watch.Elapsed.TotalSeconds;
            var memory = ProcessTable.OfRun(process.Id, MarkerVariable, marker)
                .GroupBy(ProcessTable.NameOf)
                .ToDictionary(g => g.Key, g => new ProcessGroup(g.Count(), g.Sum(ProcessTable.ResidentBytes)), StringComparer.Ordinal);
            return new RunFigures(startSeconds, memory, await StopAsync(process, marker));
        }
        catch
        {
            await StopAsync(process, marker);
            throw;
        }
    }

    /// <summary>SIGTERM to <c>dotnet run</c> (what stops everything), then watches the run's processes go; kills what is left after 60 s.</summary>
    static async Task<StopFigures> StopAsync(Process process, string marker)
    {
        var watch = Stopwatch.StartNew();
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
        }
        double? rootExited = null, onlyDcpLeft = null;
        IReadOnlyList<int> left = [process.Id];
        IReadOnlyList<string> lastToGo = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (rootExited is null && process.HasExited)
            {
                rootExited = watch.Elapsed.TotalSeconds;
            }
            var now = ProcessTable.OfRun(process.Id, MarkerVariable, marker);
            if (now.Count == 0)
            {
                break;
            }
            left = now;
            lastToGo = [.. now.Select(ProcessTable.NameOf).Distinct()];
            if (onlyDcpLeft is null && lastToGo.All(name => name.StartsWith("dcp", StringComparison.Ordinal)))
            {
                onlyDcpLeft = watch.Elapsed.TotalSeconds;
            }
            await Task.Delay(50);
        }
        var allGone = watch.Elapsed.TotalSeconds;
        left = ProcessTable.OfRun(process.Id, MarkerVariable, marker);
        foreach (var pid in left)
        {
            _ = Kill(pid, SigKill);
        }
        await process.WaitForExitAsync();
        return new StopFigures(rootExited ?? allGone, onlyDcpLeft ?? allGone, allGone, lastToGo, left.Count);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

public sealed class StartFailedException(string message) : Exception(message);
