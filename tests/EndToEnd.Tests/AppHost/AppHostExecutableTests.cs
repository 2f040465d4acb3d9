using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost;
using Messaging.AppHost.Demo;
using Messaging.Hosting.Processes;
using Messaging.Hosting.Servers;
using Messaging.Testing;

namespace EndToEnd.Tests.AppHost;

public sealed class AppHostExecutableTests
{
    [Fact]
    public async Task Ctrl_C_stops_every_process_it_started()
    {
        var ct = TestContext.Current.CancellationToken;
        var instance = Guid.NewGuid().ToString("N");
        var port = FreePort.Next();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var spec = new ProcessSpec(DotnetHost(), ["exec", AppHostAssembly(), "--gateway-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", TestDirectories.Create("apphost-exe")])
        {
            Environment = new Dictionary<string, string?> { ["MESSAGING_APPHOST_ID"] = instance },
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
        using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), ct))
        {
            Assert.True(health.IsSuccessStatusCode);
        }
        Assert.True(MarkedProcesses.Find(instance).Count >= 8, "redis, postgres and six services should be running");
        Assert.Contains(log, line => line.Contains("seeded the demo workspace", StringComparison.Ordinal));
        // The demo Meta channel answers the webhook handshake: seeded through the API and known to Ingest.
        using (var http = new HttpClient())
        {
            var handshake = await Eventually.ReturnsAsync(
                async () => await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={DemoAccounts.MetaVerifyToken}&hub.challenge=42"), ct).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default),
                body => body == "42",
                "the demo channel answers the handshake",
                TimeSpan.FromSeconds(30));
            Assert.Equal("42", handshake);
        }
        Assert.Contains(log, line => line.Contains("SERVICE", StringComparison.Ordinal) && line.Contains("ENDPOINT", StringComparison.Ordinal));

        Signals.Send(appHost.Pid, Signals.SigInt);
        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromMinutes(2), ct);

        Assert.Equal(0, exitCode);
        Assert.Empty(MarkedProcesses.Find(instance));
    }

    static string AppHostAssembly() =>
        Path.Combine(ServiceProjects.RepositoryRoot, "AppHost", "bin", ServiceProjects.BuildConfiguration, "net10.0", "Messaging.AppHost.dll");

    static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Environment.ProcessPath!;
}
