using System.Collections.Concurrent;
using System.Globalization;
using EndToEnd.Tests.Infrastructure;
using Messaging.Testing;
using Messaging.Testing.Servers;

namespace EndToEnd.Tests.AppHost;

/// <summary>
/// The README's run command as a user types it (<c>dotnet run --project AppHost</c>), with the
/// dashboard on ports of this run's own.
/// </summary>
public sealed class LocalRun : IAsyncDisposable
{
    readonly ChildProcess _process;
    readonly ConcurrentQueue<string> _log;
    readonly string _dataDirectory;

    LocalRun(ChildProcess process, ConcurrentQueue<string> log, string instance, int gatewayPort, int dashboardPort, string dataDirectory)
    {
        _process = process;
        _log = log;
        _dataDirectory = dataDirectory;
        Instance = instance;
        Gateway = new Uri($"http://127.0.0.1:{gatewayPort}");
        Dashboard = new Uri($"http://127.0.0.1:{dashboardPort}");
    }

    public string Instance { get; }

    public Uri Gateway { get; }

    public Uri Dashboard { get; }

    public int Pid => _process.Pid;

    public IReadOnlyList<string> Log => [.. _log];

    public Task<int> Exited => _process.Exited;

    /// <summary>Starts the run and returns once it printed its start-up summary.</summary>
    public static async Task<LocalRun> StartAsync(CancellationToken ct)
    {
        var instance = Guid.NewGuid().ToString("N");
        var (gatewayPort, dashboardPort) = (FreePort.Next(), FreePort.Next());
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ConcurrentQueue<string>();
        var dataDirectory = TestDirectories.Create("apphost-exe");
        // A terminal hands a command Ctrl+C at its default disposition. A runner that started the tests in the
        // background of a non-interactive shell hands SIGINT down ignored, and .NET keeps an ignored SIGINT ignored
        // for itself and its children (so Ctrl+C would reach nothing); env puts the default back, as a terminal has it.
        var spec = new ProcessSpec("env", ["--default-signal=INT", Dotnet, "run", "--project", Projects.AppHost.ProjectPath, "--no-build", "-c", BuildConfiguration.Name, "--no-launch-profile", "--",
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDirectory])
        {
            Environment = Environment(dashboardPort, instance),
        };
        using var slot = await ProductStartSlot.AcquireAsync(ct);
        var process = ChildProcess.Start(spec, line =>
        {
            log.Enqueue(line);
            if (line.Contains("Messaging is running", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });
        var run = new LocalRun(process, log, instance, gatewayPort, dashboardPort, dataDirectory);
        var started = await Task.WhenAny(ready.Task, process.Exited, Task.Delay(TimeSpan.FromMinutes(4), ct));
        if (started != ready.Task)
        {
            var running = ProcessTree.Describe(MarkedProcesses.Find(instance));
            await run.DisposeAsync();
            Assert.Fail($"The AppHost did not report running. Its processes: {running}\nIts last output:\n" + string.Join('\n', log.TakeLast(60)));
        }
        return run;
    }

    /// <summary>Runs the AppHost with <paramref name="arguments"/> to its exit, as a start it refuses does.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunToExitAsync(string[] arguments, CancellationToken ct)
    {
        var lines = new ConcurrentQueue<string>();
        await using var process = ChildProcess.Start(
            new ProcessSpec(Dotnet, ["run", "--project", Projects.AppHost.ProjectPath, "--no-build", "-c", BuildConfiguration.Name, "--no-launch-profile", "--", .. arguments]),
            lines.Enqueue);
        var exitCode = await process.Exited.WaitAsync(TimeSpan.FromMinutes(2), ct);
        return (exitCode, [.. lines]);
    }

    /// <summary>The dashboard's login URL, with the token the run printed.</summary>
    public Uri DashboardLogin => new(Log.Select(line => line.Trim()).Last(line => line.Contains(DashboardLoginPrefix, StringComparison.Ordinal)).Split(' ')[^1]);

    /// <summary>How the printed login URL starts: the dashboard's address and the token parameter.</summary>
    public string DashboardLoginPrefix => DashboardAddress + "/login?t=";

    /// <summary>The dashboard's address as printed, without a trailing slash.</summary>
    public string DashboardAddress => Dashboard.ToString().TrimEnd('/');

    /// <summary>
    /// To <c>dotnet run</c> alone, or, as Ctrl+C in a terminal does, to every process of its
    /// process group (<c>dotnet run</c> and the AppHost it started).
    /// </summary>
    public void Signal(int signal, bool wholeGroup)
    {
        foreach (var pid in wholeGroup ? ProcessTree.SameGroup(Pid) : [Pid])
        {
            Signals.Send(pid, signal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(Signals.SigTerm, wholeGroup: false);
            await _process.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        }
        await _process.DisposeAsync();
        TestDirectories.TryDelete(_dataDirectory);
    }

    /// <summary>What the launch profile gives a local run, on free ports.</summary>
    static Dictionary<string, string?> Environment(int dashboardPort, string instance) => new()
    {
        [TestApp.MarkerVariable] = instance,
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{dashboardPort}",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
    };


    static string Dotnet => System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
