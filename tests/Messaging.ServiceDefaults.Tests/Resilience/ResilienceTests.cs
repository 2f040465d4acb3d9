using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.CircuitBreaker;

namespace Messaging.ServiceDefaults.Tests.Resilience;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Transient_failures_are_retried_until_the_call_succeeds()
    {
        var calls = 0;
        await using var flaky = await TestServer.StartAsync(null, app => app.MapPost("/reserve", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            return Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(503) : Results.Text("reserved " + body);
        }));
        using var host = Host(new() { ["HttpResilience:RetryBaseDelay"] = "00:00:00.010" });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        using var response = await client.PostAsync(new Uri(flaky.Url, "/reserve"), new StringContent("turn-1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reserved turn-1", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_slow_attempt_is_abandoned_and_retried()
    {
        var calls = 0;
        await using var slowOnce = await TestServer.StartAsync(null, app => app.MapGet("/", async (CancellationToken ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
            }
            return "fast";
        }));
        using var host = Host(new() { ["HttpResilience:AttemptTimeout"] = "00:00:00.300", ["HttpResilience:RetryBaseDelay"] = "00:00:00.010" });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var answer = await client.GetStringAsync(slowOnce.Url, TestContext.Current.CancellationToken);

        // The first attempt would have hung for 30 s; on a loaded machine a retry may also time out.
        Assert.Equal("fast", answer);
        Assert.True(calls >= 2);
    }

    [Fact]
    public async Task A_failing_destination_opens_its_circuit_and_leaves_others_alone()
    {
        var brokenCalls = 0;
        await using var broken = await TestServer.StartAsync(null, app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref brokenCalls);
            return Results.StatusCode(500);
        }));
        await using var healthy = await TestServer.StartAsync(null, app => app.MapGet("/", () => "ok"));
        using var host = Host(new()
        {
            ["HttpResilience:MaxRetryAttempts"] = "0",
            ["HttpResilience:BreakerMinimumThroughput"] = "4",
            ["HttpResilience:BreakDuration"] = "00:01:00",
        });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.GetAsync(broken.Url, ct);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(broken.Url, ct));
        Assert.Equal(4, brokenCalls);
        Assert.Equal("ok", await client.GetStringAsync(healthy.Url, ct));
    }

    [Fact]
    public void Absurd_settings_stop_the_start_with_a_clear_error()
    {
        using var host = Host(new() { ["HttpResilience:MaxRetryAttempts"] = "1000" });

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("MaxRetryAttempts", error.ToString(), StringComparison.Ordinal);
    }

    static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        return builder.Build();
    }
}
