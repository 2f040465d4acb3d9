using System.Net;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using EndToEnd.Tests.Infrastructure;
using EndToEnd.Tests.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests.Security;

/// <summary>
/// The product as a deployment runs it (<c>--demo false</c>): services in Production, no provider
/// emulator, no demo workspace, and nothing internal in what the public entry answers.
/// </summary>
public sealed class ProductionModeTests(ProductionModeTests.Deployment deployment) : IClassFixture<ProductionModeTests.Deployment>
{
    /// <summary>One product in production mode for the class: starting one takes a while.</summary>
    public sealed class Deployment : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;

        public HttpClient Gateway { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            App = await TestApp.StartAsync(TestContext.Current.CancellationToken, configure: null, "--demo", "false");
            Gateway = App.CreateHttpClient("gateway");
        }

        public async ValueTask DisposeAsync()
        {
            Gateway.Dispose();
            await App.DisposeAsync();
        }
    }

    readonly TestApp _app = deployment.App;
    readonly HttpClient _gateway = deployment.Gateway;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

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
            var environment = _app.Environment(service);
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

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.1/")]
    [InlineData("http://admin/")]
    [InlineData("https://admin/")]
    public async Task A_tenant_url_to_an_internal_address_is_refused_when_saved(string url)
    {
        using var admin = _app.CreateHttpClient("admin");
        var workspace = await new AdminApi(admin).CreateWorkspaceAsync("Urls", Ct);
        var account = MetaAccount.CreateRandom();
        var saves = new (string What, string Path, HttpMethod Method, object Body)[]
        {
            ("channel base URL", $"/api/tenancy/workspaces/{workspace}/channels", HttpMethod.Post, new
            {
                name = "WhatsApp", provider = "meta", baseUrl = url, enabled = true, allowlist = Array.Empty<string>(),
                meta = new { phoneNumberId = account.PhoneNumberId, displayPhoneNumber = account.DisplayPhoneNumber, accessToken = account.AccessToken, appSecret = account.AppSecret, verifyToken = account.VerifyToken, graphApiVersion = "v21.0" },
            }),
            ("AI endpoint", $"/api/tenancy/workspaces/{workspace}/ai-settings", HttpMethod.Put, new { mode = "open_ai", endpoint = url, chatModel = "gpt-4o-mini" }),
        };
        foreach (var (what, path, method, body) in saves)
        {
            using var request = new HttpRequestMessage(method, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
            using var response = await admin.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what} {url} answered {(int)response.StatusCode}: {text}");
        }
        // Nothing was saved, so nothing can ever be sent there.
        var channels = await admin.GetStringAsync(new Uri($"/api/tenancy/workspaces/{workspace}/channels", UriKind.Relative), Ct);
        Assert.DoesNotContain(account.PhoneNumberId, channels, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_webhooks_get_a_4xx_without_internals_and_no_secret_reaches_any_log()
    {
        using var admin = _app.CreateHttpClient("admin");
        var api = new AdminApi(admin);
        var workspace = await api.CreateWorkspaceAsync("Hardened", Ct);
        var account = MetaAccount.CreateRandom();
        // The allowlist keeps every test message from being answered: nothing leaves the machine.
        await api.CreateMetaChannelAsync(workspace, account, null, ["+31 6 0000 0000"], Ct);
        var metadata = $"{{\"object\":\"whatsapp_business_account\",\"entry\":[{{\"id\":\"1\",\"changes\":[{{\"field\":\"messages\",\"value\":{{\"messaging_product\":\"whatsapp\",\"metadata\":{{\"display_phone_number\":\"1\",\"phone_number_id\":\"{account.PhoneNumberId}\"}},\"messages\":[";
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        var bodies = new Dictionary<string, byte[]>
        {
            ["empty"] = [],
            ["truncated JSON"] = Utf8(metadata + "{\"from\":\"3161"),
            ["invalid UTF-8"] = [.. Utf8(metadata + "{\"from\":\"31611111111\",\"id\":\"wamid.u\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\""), 0xFF, 0xFE, .. Utf8("\"}}]}}]}]}")],
            ["lone surrogate"] = Utf8(metadata + "{\"from\":\"31611111111\",\"id\":\"wamid.s\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"\\ud800\"}}]}}]}]}"),
            ["NaN coordinates"] = Utf8(metadata + "{\"from\":\"31611111111\",\"id\":\"wamid.n\",\"timestamp\":\"1\",\"type\":\"location\",\"location\":{\"latitude\":NaN,\"longitude\":1}}]}}]}]}"),
            ["not JSON"] = Utf8("<xml>hello</xml>"),
        };
        foreach (var (kind, body) in bodies)
        {
            foreach (var signed in new[] { true, false })
            {
                using var request = signed ? Webhooks.SignedMeta(body, account.AppSecret) : new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
                request.Content!.Headers.ContentType = new("application/json");
                using var response = await _gateway.SendAsync(request, Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{kind} ({(signed ? "signed" : "unsigned")}) answered {(int)response.StatusCode}: {text}");
                foreach (var internals in new[] { "   at ", "Exception", "localhost", "127.0.0.1", "ingest:", "Host:" })
                {
                    Assert.DoesNotContain(internals, text, StringComparison.Ordinal);
                }
            }
        }

        // A good delivery, so the log holds a full pass through signature, parsing and the allowlist.
        var good = Webhooks.MetaDelivery((account.PhoneNumberId, account.DisplayPhoneNumber, "Stranger", [Webhooks.MetaText("wamid.ok-1", "31622222222", "Stranger", "hi")], []));
        using (var accepted = await _gateway.SendAsync(Webhooks.SignedMeta(good, account.AppSecret), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        await Eventually.ReturnsAsync(() => Task.FromResult(_app.Log.Lines()), lines => lines.Any(l => l.Contains("from a number outside its allowlist", StringComparison.Ordinal)),
            "Ingest logged the last delivery", TimeSpan.FromSeconds(30));

        var secrets = new List<string> { account.AccessToken, account.AppSecret, account.VerifyToken };
        secrets.AddRange(Directory.GetFiles(Path.Combine(_app.DataDirectory, "service-credentials")).Select(f => File.ReadAllText(f).Trim()));
        secrets.Add(File.ReadAllText(Path.Combine(_app.DataDirectory, "secrets-master.key")).Trim());
        secrets.Add(File.ReadAllText(Path.Combine(_app.DataDirectory, "redis", "redis.password")).Trim());
        // The superuser's password and each service's own.
        secrets.AddRange(Directory.GetFiles(Path.Combine(_app.DataDirectory, "postgres"), "*.password").Select(f => File.ReadAllText(f).Trim()));
        var lines = _app.Log.Lines();
        foreach (var secret in secrets.Where(s => s.Length >= 8))
        {
            var leak = lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret appears in the log: {leak}");
        }
    }
}
