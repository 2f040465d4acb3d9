using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost.Demo;

namespace EndToEnd.Tests.Telemetry;

/// <summary>What the dashboard's trace view relies on: one trace from the provider's webhook to the provider send.</summary>
public sealed class TracingTests
{
    /// <summary>OTLP span kinds.</summary>
    const int Server = 2, Consumer = 5;

    [Fact]
    public async Task One_trace_runs_from_the_webhook_through_gateway_ingest_and_agent_to_the_send_the_sandbox_receives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var otlp = await OtlpTraceReceiver.StartAsync(ct);
        await using var app = await TestApp.StartAsync(ct, builder =>
        {
            foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
            {
                builder.CreateResourceBuilder(service)
                    .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.Endpoint.ToString().TrimEnd('/'))
                    .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .WithEnvironment("OTEL_SERVICE_NAME", service.Name)
                    .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200");
            }
        });
        using var sandbox = app.CreateHttpClient("sandbox");
        var customer = "+3161" + Random.Shared.Next(1_000_000, 9_999_999);

        // The phone simulator posts a signed webhook to the public URL, as Meta would.
        using (var simulated = await sandbox.PostAsJsonAsync("/sandbox/api/simulate/meta", new
        {
            business = DemoAccounts.MetaPhoneNumberId,
            customer,
            customerName = "Tracy",
            text = "What are your opening hours?",
        }, ct))
        {
            Assert.True(simulated.IsSuccessStatusCode);
        }

        // Everything received goes next to the run's log, to see what a failing trace lacks.
        using var dump = new SpanDump(otlp, Path.Combine(app.DataDirectory, "spans.txt"));
        var trace = await Eventually.ReturnsAsync(
            () => Task.FromResult(SendTrace(otlp.Spans)),
            // Each service exports in its own batches: wait until every hop of the trace has arrived.
            spans => spans.Select(s => s.Service).Distinct().Count() >= 4 && spans.Count(s => !spans.Any(p => p.SpanId == s.ParentSpanId)) == 1,
            "a whole trace that ends with the Sandbox receiving the reply",
            TimeSpan.FromSeconds(60));

        var services = trace.Select(s => s.Service).ToHashSet();
        Assert.Superset(new HashSet<string> { "gateway", "ingest", "agent", "sandbox" }, services);
        Assert.Contains(trace, s => s.Service == "gateway" && s.Kind == Server && s.Name.StartsWith("POST", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "ingest" && s.Kind == Server && s.Name.Contains("webhooks/whatsapp", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "agent" && s.Kind == Consumer);
        // Every span but the root hangs from another span of the same trace: nothing is cut off.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.Single(trace, s => !ids.Contains(s.ParentSpanId));
    }

    sealed class SpanDump(OtlpTraceReceiver otlp, string path) : IDisposable
    {
        public void Dispose() => File.WriteAllLines(path, otlp.Spans.Select(s => $"{s.TraceId} {s.SpanId} <- {s.ParentSpanId} [{s.Service}] kind={s.Kind} {s.Name}"));
    }

    /// <summary>The spans of the trace in which the Sandbox received a message send, or none yet.</summary>
    static List<ReceivedSpan> SendTrace(IReadOnlyList<ReceivedSpan> spans)
    {
        var send = spans.FirstOrDefault(s => s.Service == "sandbox" && s.Kind == Server && s.Name.EndsWith("/messages", StringComparison.Ordinal));
        return send is null ? [] : [.. spans.Where(s => s.TraceId == send.TraceId)];
    }
}
