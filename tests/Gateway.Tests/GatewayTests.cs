using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Tests;

public sealed class GatewayTests : IAsyncLifetime
{
    Downstream _ingest = null!;
    Downstream _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _ingest = await Downstream.StartAsync("ingest");
        _admin = await Downstream.StartAsync("admin");
    }

    public async ValueTask DisposeAsync()
    {
        await _ingest.DisposeAsync();
        await _admin.DisposeAsync();
    }

    Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["services:ingest:http:0"] = _ingest.Url,
            ["services:admin:http:0"] = _admin.Url,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Theory]
    [InlineData("/webhooks/whatsapp?hub.mode=subscribe", "ingest")]
    [InlineData("/webhooks/twilio/whatsapp", "ingest")]
    [InlineData("/webhooks/twilio/voice", "ingest")]
    [InlineData("/admin", "admin")]
    [InlineData("/admin/conversations/42", "admin")]
    [InlineData("/forms/book-a-call", "admin")]
    public async Task Public_routes_reach_their_service_with_forwarded_headers(string path, string service)
    {
        await using var gateway = GatewayHost.Start(Settings());
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.NotEqual(5000, client.BaseAddress!.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await Downstream.ReadEchoAsync(response);
        Assert.Equal(service, echo.Service);
        Assert.Equal(path, echo.Path);
        Assert.Equal("http", echo.ForwardedProto);
        Assert.Equal(client.BaseAddress!.Authority, echo.ForwardedHost);
        Assert.Contains("127.0.0.1", echo.ForwardedFor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_redirects_to_the_admin_console()
    {
        await using var gateway = GatewayHost.Start(Settings());
        using var client = gateway.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/api/tenancy/workspaces")]
    [InlineData("/api/credits/reserve")]
    [InlineData("/webhooks/unknown")]
    [InlineData("/sandbox")]
    public async Task Internal_and_unknown_paths_are_not_routed(string path)
    {
        await using var gateway = GatewayHost.Start(Settings());
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, _ingest.Requests + _admin.Requests);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_never_forwarded()
    {
        await using var gateway = GatewayHost.Start(Settings(("Gateway:MaxRequestBodyBytes", "2048")));
        using var client = gateway.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var declared = await client.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new ByteArrayContent(new byte[4096]), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(0, _ingest.Requests);

        using var withinLimit = await client.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new ByteArrayContent(new byte[2048]), ct);
        Assert.Equal(HttpStatusCode.OK, withinLimit.StatusCode);
        Assert.Equal(2048, (await Downstream.ReadEchoAsync(withinLimit)).BodyLength);
    }

    [Fact]
    public async Task The_sandbox_route_has_its_own_body_limit_for_the_simulators_uploads_and_the_others_keep_theirs()
    {
        await using var sandbox = await Downstream.StartAsync("sandbox");
        await using var gateway = GatewayHost.Start(Settings(
            ("services:sandbox:http:0", sandbox.Url), ("Gateway:MaxRequestBodyBytes", "2048"), ("Gateway:SandboxMaxRequestBodyBytes", "8192")));
        using var client = gateway.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var upload = await client.PostAsync(new Uri("/sandbox/api/media/meta/1?kind=image", UriKind.Relative), new ByteArrayContent(new byte[8192]), ct);
        using var tooLarge = await client.PostAsync(new Uri("/sandbox/api/media/meta/1?kind=image", UriKind.Relative), new ByteArrayContent(new byte[8193]), ct);
        using var webhook = await client.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new ByteArrayContent(new byte[4096]), ct);

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(8192, (await Downstream.ReadEchoAsync(upload)).BodyLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, webhook.StatusCode);
        Assert.Equal(0, _ingest.Requests);
    }

    [Theory]
    [InlineData(3_000, false)] // a webhook
    [InlineData(200_000, false)] // a large one
    [InlineData(3_000, true)] // no declared length
    public async Task Bodies_arrive_intact_with_their_headers_whatever_their_size_or_framing(int size, bool chunked)
    {
        await using var gateway = GatewayHost.Start(Settings());
        using var client = gateway.CreateClient();
        var body = new byte[size];
        Random.Shared.NextBytes(body);
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.Add("X-Hub-Signature-256", "sha256=abc");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await Downstream.ReadEchoAsync(response);
        Assert.Equal(size, echo.BodyLength);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body)), echo.BodySha256);
        Assert.Equal("application/json; charset=utf-8", echo.ContentType);
        Assert.Equal("sha256=abc", echo.Signature);
    }

    [Fact]
    public async Task The_gateway_runs_requests_on_the_io_thread_unless_told_not_to()
    {
        await using (var inline = GatewayHost.Start(Settings()))
        {
            Assert.True(inline.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
            Assert.Equal("1", Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"));
        }
        await using var pooled = GatewayHost.Start(Settings(("Gateway:InlineIo", "false")));
        Assert.False(pooled.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_refused_with_413()
    {
        await using var gateway = GatewayHost.Start(Settings(("Gateway:MaxRequestBodyBytes", "2048")));
        using var client = gateway.CreateClient();
        using var content = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/whatsapp") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_flood_from_one_source_gets_429_with_retry_after()
    {
        await using var gateway = GatewayHost.Start(Settings(("Gateway:RateLimit:PermitsPerSecond", "1"), ("Gateway:RateLimit:Burst", "5")));
        using var client = gateway.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var statuses = new List<HttpStatusCode>();
        RetryConditionHeaderValue? retryAfter = null;
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new StringContent("{}"), ct);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter : null;
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= 7, string.Join(",", statuses));
        Assert.NotNull(retryAfter?.Delta);
        using var health = await client.GetAsync(new Uri("/alive", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Readiness_says_only_healthy_or_not_to_the_public_and_names_the_failing_service_in_the_log()
    {
        await using var gateway = GatewayHost.Start(Settings(("services:billing:http:0", "http://127.0.0.1:1")));
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // A service the gateway does not route to is degraded, not a reason to take the entry out.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"Degraded\"}", body);
        Assert.Contains(gateway.Log.Lines, line => line.Message.Contains("billing is unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_routed_service_that_is_down_makes_the_gateway_unready()
    {
        await using var gateway = GatewayHost.Start(Settings(("services:ingest:http:0", "http://127.0.0.1:1")));
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public void Absurd_limits_stop_the_start_with_a_clear_error()
    {
        var error = Assert.ThrowsAny<Exception>(() => GatewayHost.Start(Settings(("Gateway:MaxRequestBodyBytes", "-5"))));

        Assert.Contains("MaxRequestBodyBytes", error.ToString(), StringComparison.Ordinal);
    }
}
