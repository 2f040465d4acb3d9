using System.Globalization;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost.Demo;
using Messaging.Testing;
using Messaging.Testing.Servers;

namespace EndToEnd.Tests.AppHost;

/// <summary>The README's run command, as a user types it: <c>dotnet run --project AppHost</c>, stopped with Ctrl+C or SIGTERM.</summary>
public sealed class AppHostExecutableTests
{
    [Theory]
    [InlineData("SIGINT to the process group (Ctrl+C)")]
    [InlineData("SIGTERM to dotnet run")]
    public async Task Starts_the_dashboard_and_every_service_and_stopping_leaves_nothing_behind(string stop)
    {
        var ct = TestContext.Current.CancellationToken;
        var instance = Guid.NewGuid().ToString("N");
        var gatewayPort = FreePort.Next();
        var dashboardPort = FreePort.Next();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // setsid gives the run a process group of its own, as a terminal does, so Ctrl+C can be sent to all of it.
        var spec = new ProcessSpec("setsid", [DotnetHost(), "run", "--project", AppHostProject(), "--no-build", "-c", Configuration, "--no-launch-profile", "--",
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture), "--data-dir", TestDirectories.Create("apphost-exe")])
        {
            Environment = DashboardEnvironment(dashboardPort, instance),
        };
        await using var appHost = ChildProcess.Start(spec, line =>
        {
            log.Enqueue(line);
            if (line.Contains("Messaging is running", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });

        var started = await Task.WhenAny(ready.Task, appHost.Exited, Task.Delay(TimeSpan.FromMinutes(4), ct));
        Assert.True(started == ready.Task, "The AppHost did not report running:\n" + string.Join('\n', log.TakeLast(60)));
        using (var http = new HttpClient())
        {
            using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{gatewayPort}/health"), ct))
            {
                Assert.True(health.IsSuccessStatusCode);
            }
            using (var dashboard = await http.GetAsync(new Uri($"http://127.0.0.1:{dashboardPort}/"), ct))
            {
                Assert.True(dashboard.IsSuccessStatusCode, $"the dashboard answered {(int)dashboard.StatusCode}");
            }
            // The demo Meta channel answers the webhook handshake: seeded through the API and known to Ingest.
            var handshake = await Eventually.ReturnsAsync(
                async () => await http.GetStringAsync(new Uri($"http://127.0.0.1:{gatewayPort}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={DemoAccounts.MetaVerifyToken}&hub.challenge=42"), ct).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default),
                body => body == "42",
                "the demo channel answers the handshake",
                TimeSpan.FromSeconds(30));
            Assert.Equal("42", handshake);
        }
        Assert.True(MarkedProcesses.Find(instance).Count >= 8, "redis, postgres and six services should be running");
        Assert.Contains(log, line => line.Contains("RESOURCE", StringComparison.Ordinal) && line.Contains("ADDRESS", StringComparison.Ordinal));
        Assert.Contains(log, line => line.TrimStart().StartsWith("demo ", StringComparison.Ordinal) && line.Contains("Finished", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains($"http://127.0.0.1:{dashboardPort}/login?t=", StringComparison.Ordinal));

        if (stop.StartsWith("SIGINT", StringComparison.Ordinal))
        {
            Signals.Send(-appHost.Pid, Signals.SigInt);
        }
        else
        {
            Signals.Send(appHost.Pid, Signals.SigTerm);
        }
        // How fast it stops is measured in bench/StartupBench; here only that it does, completely.
        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await Eventually.ReturnsAsync(() => Task.FromResult(MarkedProcesses.Find(instance)), pids => pids.Count == 0, "every process of the run has ended", TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);    }

    /// <summary>What the launch profile gives a local run, on ports of this test's own.</summary>
    static Dictionary<string, string?> DashboardEnvironment(int port, string instance)
    {
        var otlp = FreePort.Next();
        var resources = FreePort.Next();
        return new()
        {
            [TestApp.MarkerVariable] = instance,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlp}",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{resources}",
        };
    }

    static string AppHostProject() => Projects.AppHost.ProjectPath;

    static string Configuration =>
        typeof(AppHostExecutableTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
