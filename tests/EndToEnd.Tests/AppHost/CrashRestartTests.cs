using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.AppHost;

/// <summary>A fresh start is healthy and quiet, and a service that crashes comes back on its own.</summary>
[Collection(FaultedProduct.Name)]
public sealed partial class CrashRestartTests(RunningApp running)
{
    static readonly string[] Services = ["gateway", "ingest", "agent", "billing", "admin", "sandbox"];

    [Fact]
    public async Task Runs_every_service_healthy_and_quietly_and_restarts_a_crashed_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = running.App;
        // A fresh start is quiet: migrations run before anything reads the database, and the
        // key ring has its key before the services that only read it start.
        var failures = running.StartupLog.Where(line => FailureLine().IsMatch(line)).ToList();
        Assert.True(failures.Count == 0, "failures logged during start-up:\n" + string.Join("\n", failures));

        // Internally: every service answers its own readiness probe (another test of this product
        // may have just brought a resource back, which every service takes a moment to notice).
        foreach (var service in Services)
        {
            using var client = app.CreateHttpClient(service);
            await Eventually.ReturnsAsync(
                async () =>
                {
                    using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
                    return response.StatusCode;
                },
                status => status == HttpStatusCode.OK, $"{service} answers /health with 200", TimeSpan.FromSeconds(30));
        }

        // Through the gateway: ready only when every service behind it is, and saying nothing more.
        var report = await ReadHealthAsync(running.Gateway, ct);
        Assert.Equal("{\"status\":\"Healthy\"}", report.GetRawText());
        // The console is routed and asks a visitor to sign in.
        using (var admin = await running.Gateway.GetAsync(new Uri("/admin", UriKind.Relative), ct))
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
