using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Testing;

namespace Admin.Tests.Tenancy;

/// <summary>A tenant's URL is fetched from inside the deployment, so only public https hosts are accepted unless the deployment allows one.</summary>
public sealed class TenantUrlTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _app = null!;
    string _workspaceId = "";

    public async ValueTask InitializeAsync()
    {
        _app = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?>
        {
            ["Tenancy:TenantUrls:AllowHttp"] = "false",
            ["Tenancy:TenantUrls:AllowedHosts:0"] = "graph.partner.internal",
        });
        _workspaceId = await _app.CreateWorkspaceAsync("tenant-urls");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1/graph", "must use https")]
    [InlineData("https://127.0.0.1/graph", "non-public address")]
    [InlineData("https://169.254.169.254/latest", "non-public address")]
    [InlineData("https://10.0.0.1/graph", "non-public address")]
    [InlineData("https://[::1]/graph", "non-public address")]
    [InlineData("https://[::ffff:192.168.1.1]/graph", "non-public address")]
    [InlineData("https://admin/graph", "not a public host name")]
    [InlineData("https://localhost:8080/graph", "not a public host name")]
    [InlineData("https://metadata.google.internal/computeMetadata", "not a public host name")]
    [InlineData("http://admin/api/tenancy", "must use https")]
    public async Task Channel_base_urls_inside_the_deployment_are_refused(string url, string reason)
    {
        var channel = new { name = "x", provider = "meta", baseUrl = url, meta = new { phoneNumberId = "123", accessToken = "token-0123456789", appSecret = "secret-0123456789", verifyToken = "v" } };

        using var response = await _app.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{_workspaceId}/channels", channel, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "baseUrl", reason);
    }

    [Theory]
    [InlineData("http://169.254.169.254/v1", "must use https")]
    [InlineData("https://10.0.0.1/v1", "non-public address")]
    [InlineData("https://agent/v1", "not a public host name")]
    public async Task Ai_endpoints_inside_the_deployment_are_refused(string url, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/workspaces/{_workspaceId}/ai-settings")
        {
            Content = JsonContent.Create(new { mode = "open_ai", endpoint = url, chatModel = "gpt-4o-mini", apiKey = "sk-test" }),
        };

        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "endpoint", reason);
    }

    [Theory]
    [InlineData("https://graph.facebook.com")]
    [InlineData("https://graph.partner.internal/graph")]
    public async Task Public_https_hosts_and_hosts_the_deployment_allows_are_accepted(string url)
    {
        var channel = new { name = "x", provider = "meta", baseUrl = url, meta = new { phoneNumberId = "4455667788", accessToken = "token-0123456789", appSecret = "secret-0123456789", verifyToken = "v" } };

        using var response = await _app.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{_workspaceId}/channels", channel, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string reason)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var messages = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains(reason, StringComparison.Ordinal));
    }
}
