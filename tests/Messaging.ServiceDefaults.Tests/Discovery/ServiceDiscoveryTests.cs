using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Tests.Discovery;

public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task A_logical_service_name_reaches_the_endpoint_the_orchestrator_published()
    {
        await using var billing = await TestServer.StartAsync(null, app => app.MapGet("/api/ping", (HttpRequest r) => $"pong {r.Query["n"]}"));
        using var host = Host(new() { ["services:billing:http:0"] = billing.Url.ToString().TrimEnd('/') });

        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        var answer = await client.GetStringAsync(new Uri("http://billing/api/ping?n=7"), TestContext.Current.CancellationToken);

        Assert.Equal("pong 7", answer);
    }

    [Fact]
    public async Task Several_endpoints_are_used_in_turn()
    {
        await using var first = await TestServer.StartAsync(null, app => app.MapGet("/", () => "first"));
        await using var second = await TestServer.StartAsync(null, app => app.MapGet("/", () => "second"));
        using var host = Host(new()
        {
            ["services:agent:http:0"] = first.Url.ToString(),
            ["services:agent:http:1"] = second.Url.ToString(),
        });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var answers = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetStringAsync(new Uri("http://agent/"), TestContext.Current.CancellationToken));
        }

        Assert.Equal(["first", "second"], answers.Order());
    }

    [Fact]
    public async Task Host_names_the_deployment_does_not_list_pass_through_untouched()
    {
        await using var server = await TestServer.StartAsync(null, app => app.MapGet("/", () => "direct"));
        using var host = Host(new() { ["services:billing:http:0"] = "http://127.0.0.1:1" });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var answer = await client.GetStringAsync(new Uri($"http://localhost:{server.Url.Port}/"), TestContext.Current.CancellationToken);

        Assert.Equal("direct", answer);
    }

    static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        return builder.Build();
    }
}
