using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_failing_dependency_makes_the_service_unready_but_still_alive()
    {
        await using var server = await TestServer.StartAsync(
            builder =>
            {
                builder.AddServiceDefaults();
                builder.Services.AddHealthChecks().AddCheck("redis", () => HealthCheckResult.Unhealthy("connection refused"));
            },
            app => app.MapDefaultEndpoints());
        using var client = new HttpClient { BaseAddress = server.Url };
        var ct = TestContext.Current.CancellationToken;

        using var ready = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        using var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("connection refused", await ready.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Health_probes_are_left_out_of_traces_and_other_requests_are_kept()
    {
        var recorded = new List<string>();
        var serverId = Guid.NewGuid().ToString("N");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Recorded && activity.GetTagItem("test.server") as string == serverId)
                {
                    lock (recorded)
                    {
                        recorded.Add(activity.GetTagItem("test.path") as string ?? "");
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TestServer.StartAsync(
            builder => builder.AddServiceDefaults(),
            app =>
            {
                app.Use((context, next) =>
                {
                    Activity.Current?.SetTag("test.server", serverId).SetTag("test.path", context.Request.Path.Value);
                    return next(context);
                });
                app.MapDefaultEndpoints();
                app.MapGet("/work", () => "done");
            });
        using var client = new HttpClient { BaseAddress = server.Url };
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync(new Uri("/health", UriKind.Relative), ct)).Dispose();
        (await client.GetAsync(new Uri("/alive", UriKind.Relative), ct)).Dispose();
        (await client.GetAsync(new Uri("/work", UriKind.Relative), ct)).Dispose();

        // The server ends a request's activity just after the response: wait for the one expected.
        for (var i = 0; i < 100 && Count(recorded) == 0; i++)
        {
            await Task.Delay(50, ct);
        }
        Assert.Equal(1, Count(recorded));
        lock (recorded)
        {
            Assert.Equal("/work", recorded[0]);
        }
    }

    static int Count(List<string> recorded)
    {
        lock (recorded)
        {
            return recorded.Count;
        }
    }
}
