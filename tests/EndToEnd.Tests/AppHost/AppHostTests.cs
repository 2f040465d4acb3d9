using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.AppHost;

public sealed partial class AppHostTests
{
    static readonly string[] Services = ["gateway", "ingest", "agent", "billing", "admin", "sandbox"];

    [Fact]
    public async Task Runs_every_service_restarts_a_crashed_one_and_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await TestApp.StartAsync(ct);
        var instance = app.InstanceId;
        try
        {
            // A fresh start is quiet: migrations run before anything reads the database, and the
            // key ring has its key before the services that only read it start.
            var failures = app.Log.Lines().Where(line => FailureLine().IsMatch(line)).ToList();
            Assert.True(failures.Count == 0, "failures logged during start-up:\n" + string.Join("\n", failures));

            // Internally: every service answers its own readiness probe.
            foreach (var service in Services)
            {
                using var client = app.CreateHttpClient(service);
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service} /health answered {(int)response.StatusCode}");
            }

            // Through the gateway: ready only when every service behind it is, and saying nothing more.
            using var gateway = app.CreateHttpClient("gateway");
            var report = await ReadHealthAsync(gateway, ct);
            Assert.Equal("{\"status\":\"Healthy\"}", report.GetRawText());
            // The console is routed and asks a visitor to sign in.
            using (var admin = await gateway.GetAsync(new Uri("/admin", UriKind.Relative), ct))
            {
                Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
                Assert.EndsWith("/admin/account/sign-in", admin.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
                Assert.Contains("name=\"Password\"", await admin.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }

            // A crash is noticed and the service comes back on its own, healthy.
            var crashedPid = app.Pid("billing")!.Value;
            await app.KillAsync("billing");
            await app.WaitForRestartAsync("billing", crashedPid, ct);
            using (var client = app.CreateHttpClient("billing"))
            using (var health = await client.GetAsync(new Uri("/health", UriKind.Relative), ct))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            Assert.NotEmpty(MarkedProcesses.Find(instance));
        }
        finally
        {
            await app.DisposeAsync();
        }

        await Eventually.ReturnsAsync(() => Task.FromResult(MarkedProcesses.Find(instance)), pids => pids.Count == 0, "no process of the run is left", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_service_that_never_gets_up_fails_the_start_with_its_name_instead_of_hanging()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync(builder =>
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "sandbox"))
                .WithEnvironment("Sandbox__StatusCallbacks__MaxAttempts", "0"), ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(ct));

        Assert.Contains("sandbox exited 3 times during start-up without becoming healthy", error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\S+\s+\| (fail|crit): ")]
    private static partial Regex FailureLine();

    static async Task<JsonElement> ReadHealthAsync(HttpClient gateway, CancellationToken ct)
    {
        using var response = await gateway.GetAsync(new Uri("/health", UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"gateway /health answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
