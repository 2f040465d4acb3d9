using System.Net;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests.Security;

/// <summary>
/// The product as a deployment runs it (<c>--demo false</c>): services in Production, no provider
/// emulator, no demo workspace, and nothing internal in what the public entry answers.
/// </summary>
public sealed class ProductionModeTests : IAsyncLifetime
{
    TestApp _app = null!;
    HttpClient _gateway = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(Ct, configure: null, "--demo", "false");
        _gateway = _app.CreateHttpClient("gateway");
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task No_emulator_no_demo_and_every_service_in_production()
    {
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, r => r.Name is "sandbox" or "demo");

        foreach (var path in new[] { "/sandbox/", "/sandbox/api/accounts", "/sandbox/api/calls" })
        {
            using var response = await _gateway.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
        using (var simulate = await _gateway.PostAsync(new Uri("/sandbox/api/simulate/meta", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, simulate.StatusCode);
        }

        using var admin = _app.CreateHttpClient("admin");
        var workspaces = await admin.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), Ct);
        Assert.DoesNotContain("cafe-aurora", workspaces, StringComparison.Ordinal);

        foreach (var service in model.Resources.OfType<ProjectResource>().Select(p => p.Name))
        {
            var environment = ProcessEnvironment(_app.Pid(service) ?? throw new InvalidOperationException($"{service} has no process"));
            Assert.True(environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") == "Production", $"{service} runs in '{environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT")}'");
            Assert.Equal("Production", environment.GetValueOrDefault("DOTNET_ENVIRONMENT"));
        }
    }

    [Fact]
    public async Task The_public_health_report_says_only_whether_the_product_is_ready()
    {
        using var response = await _gateway.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\"}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Internal_apis_refuse_callers_without_a_service_credential_and_are_not_public()
    {
        var workspace = Guid.NewGuid();
        var calls = new (string Service, string Path)[]
        {
            ("admin", "/api/tenancy/workspaces"),
            ("billing", $"/api/credits/workspaces/{workspace}/grants"),
            ("agent", $"/api/agent/conversations/{Guid.NewGuid()}/takeover"),
        };
        foreach (var (service, path) in calls)
        {
            using var anonymous = _app.CreateAnonymousHttpClient(service);
            using var refused = await anonymous.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{\"name\":\"x\",\"slug\":\"x\",\"credits\":5}", Encoding.UTF8, "application/json"), Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{service} {path} answered {(int)refused.StatusCode}");

            using var throughGateway = await _gateway.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
            Assert.True(throughGateway.StatusCode == HttpStatusCode.NotFound, $"{path} through the gateway answered {(int)throughGateway.StatusCode}");
        }

        using var admin = _app.CreateHttpClient("admin");
        Assert.DoesNotContain("\"slug\":\"x\"", await admin.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    static Dictionary<string, string> ProcessEnvironment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
}
