using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

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
    public async Task Health_probes_are_left_out_of_exported_traces_and_other_requests_are_kept()
    {
        var exported = new List<Activity>();
        await using var server = await TestServer.StartAsync(
            builder =>
            {
                // Any endpoint turns the pipeline on; the in-memory exporter sees what OTLP would be sent.
                builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
                builder.AddServiceDefaults();
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
            },
            app =>
            {
                app.MapDefaultEndpoints();
                app.MapGet("/work", () => "done");
            });
        using var client = new HttpClient { BaseAddress = server.Url };
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync(new Uri("/health", UriKind.Relative), ct)).Dispose();
        (await client.GetAsync(new Uri("/alive", UriKind.Relative), ct)).Dispose();
        (await client.GetAsync(new Uri("/work", UriKind.Relative), ct)).Dispose();
        server.Services.GetRequiredService<TracerProvider>().ForceFlush();

        lock (exported)
        {
            var paths = exported.Where(a => a.Source.Name == "Microsoft.AspNetCore").Select(a => a.GetTagItem("url.path") as string).ToList();
            Assert.Contains("/work", paths);
            Assert.DoesNotContain("/health", paths);
            Assert.DoesNotContain("/alive", paths);
        }
    }

    [Fact]
    public async Task Without_an_exporter_no_telemetry_pipeline_runs()
    {
        await using var server = await TestServer.StartAsync(builder => builder.AddServiceDefaults(), app => app.MapDefaultEndpoints());

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<MeterProvider>());
    }
}
