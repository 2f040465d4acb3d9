using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost.Demo;
using Messaging.Testing.Servers;
using Microsoft.Playwright;

namespace EndToEnd.Tests.AppHost;

/// <summary>The README's run command, as a user types it, stopped with Ctrl+C or SIGTERM.</summary>
public sealed class AppHostExecutableTests
{
    [Fact]
    public async Task Ctrl_c_to_the_process_group_stops_a_run_that_seeded_the_demo_and_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await LocalRun.StartAsync(ct);
        await AssertRunningWithTheDemoAsync(run, ct);

        run.Signal(Signals.SigInt, wholeGroup: true);

        await AssertNothingLeftAsync(run, ct);
    }

    static async Task AssertRunningWithTheDemoAsync(LocalRun run, CancellationToken ct)
    {
        using (var http = new HttpClient())
        {
            using (var health = await http.GetAsync(new Uri(run.Gateway, "/health"), ct))
            {
                Assert.True(health.IsSuccessStatusCode);
            }
            // The demo Meta channel answers the webhook handshake: seeded through the API and known to Ingest.
            var handshake = await Eventually.ReturnsAsync(
                async () => await http.GetStringAsync(new Uri(run.Gateway, $"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={DemoAccounts.MetaVerifyToken}&hub.challenge=42"), ct).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default),
                body => body == "42",
                "the demo channel answers the handshake",
                TimeSpan.FromSeconds(30));
            Assert.Equal("42", handshake);
        }
        Assert.True(MarkedProcesses.Find(run.Instance).Count >= 8, "redis, postgres and six services should be running");
        Assert.Contains(run.Log, line => line.Contains("RESOURCE", StringComparison.Ordinal) && line.Contains("ADDRESS", StringComparison.Ordinal));
        Assert.Contains(run.Log, line => line.TrimStart().StartsWith("demo ", StringComparison.Ordinal) && line.Contains("Finished", StringComparison.Ordinal));
        Assert.Contains(run.Log, line => line.Contains(run.DashboardLoginPrefix, StringComparison.Ordinal));
        // The table lists what a user can act on, and the dashboard at the address one opens.
        Assert.DoesNotContain(run.Log, line => line.Contains("-rebuilder", StringComparison.Ordinal));
        var dashboardRow = Assert.Single(run.Log, line => line.TrimStart().StartsWith("aspire-dashboard ", StringComparison.Ordinal));
        Assert.Contains(run.DashboardAddress, dashboardRow, StringComparison.Ordinal);
    }

    static async Task AssertNothingLeftAsync(LocalRun run, CancellationToken ct)
    {
        // How fast it stops is measured in bench/StartupBench; here only that it does, completely.
        var exited = await Task.WhenAny(run.Exited, Task.Delay(TimeSpan.FromSeconds(60), ct));
        Assert.True(exited == run.Exited, "The run did not exit within 60 s. Still running: " + ProcessTree.Describe(MarkedProcesses.Find(run.Instance))
            + "\nIts last output:\n" + string.Join('\n', run.Log.TakeLast(80)));
        Assert.Equal(0, await run.Exited);
        await Eventually.ReturnsAsync(() => Task.FromResult(MarkedProcesses.Find(run.Instance)), pids => pids.Count == 0, "every process of the run has ended", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_dashboard_shows_every_resource_healthy_and_the_traces_of_a_reply_and_sigterm_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await LocalRun.StartAsync(ct);
        await AssertRunningWithTheDemoAsync(run, ct);
        using (var http = new HttpClient())
        {
            // A customer message through the phone simulator gives the dashboard a trace across the services.
            using var simulated = await http.PostAsync(new Uri(run.Gateway, "/sandbox/api/simulate/meta"), System.Net.Http.Json.JsonContent.Create(new
            {
                business = DemoAccounts.MetaPhoneNumberId,
                customer = "+31612340000",
                customerName = "Dana",
                text = "What are your opening hours?",
            }), ct);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        await page.GotoAsync(run.DashboardLogin.ToString());

        foreach (var resource in new[] { "gateway", "ingest", "agent", "billing", "admin", "sandbox", "redis", "postgres", "demo" })
        {
            await Assertions.Expect(page.GetByText(resource, new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("dashboard-resources.png"), FullPage = true });

        await page.GotoAsync(new Uri(run.Dashboard, "/traces").ToString());
        // A row of the traces grid that names the gateway: the trace of the simulated message.
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "gateway" }).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("dashboard-traces.png"), FullPage = true });
        await browser.CloseAsync();

        run.Signal(Signals.SigTerm, wholeGroup: false);

        await AssertNothingLeftAsync(run, ct);
    }

    [Fact]
    public async Task An_absurd_setting_stops_the_run_before_anything_starts_with_a_message_and_the_usage_not_a_stack_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = await LocalRun.RunToExitAsync(["--gateway-port", "eighty"], ct);

        Assert.Equal(2, output.ExitCode);
        Assert.Contains(output.Lines, line => line.Contains("--gateway-port must be a number from 0 to 65535, not 'eighty'", StringComparison.Ordinal));
        Assert.Contains(output.Lines, line => line.Contains("usage: dotnet run --project AppHost", StringComparison.Ordinal));
        Assert.DoesNotContain(output.Lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
