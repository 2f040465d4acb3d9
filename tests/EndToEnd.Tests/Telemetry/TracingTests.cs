using System.Diagnostics;
using System.Net.Http.Json;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost.Demo;

namespace EndToEnd.Tests.Telemetry;

/// <summary>What the dashboard's trace view relies on: one trace from the provider's webhook to the provider send.</summary>
[Collection(SharedProduct.Name)]
public sealed class TracingTests(RunningApp running)
{
    /// <summary>OTLP span kinds.</summary>
    const int Server = 2, Consumer = 5;

    [Fact]
    public async Task One_trace_runs_from_the_webhook_through_gateway_ingest_and_agent_to_the_send_the_sandbox_receives()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sandbox = running.App.CreateHttpClient("sandbox");
        var customer = "+3161" + Random.Shared.Next(1_000_000, 9_999_999);
        // The test's own request starts the trace, so its spans are told apart from the other tests' on this product.
        var traceId = ActivityTraceId.CreateRandom();

        // The phone simulator posts a signed webhook to the public URL, as Meta would.
        using (var simulate = new HttpRequestMessage(HttpMethod.Post, "/sandbox/api/simulate/meta"))
        {
            simulate.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            simulate.Content = JsonContent.Create(new
            {
                business = DemoAccounts.MetaPhoneNumberId,
                customer,
                customerName = "Tracy",
                text = "What are your opening hours?",
            });
            using var simulated = await sandbox.SendAsync(simulate, ct);
            Assert.True(simulated.IsSuccessStatusCode);
        }

        // Everything received goes next to the run's log, to see what a failing trace lacks.
        using var dump = new SpanDump(running.Traces, Path.Combine(running.App.DataDirectory, $"spans-{traceId}.txt"));
        var trace = await Eventually.ReturnsAsync(
            () => Task.FromResult(SendTrace(running.Traces.Spans, traceId.ToHexString())),
            // Each service exports in its own batches: wait until every hop of the trace has arrived.
            spans => spans.Select(s => s.Service).Distinct().Count() >= 4 && spans.Count(s => !spans.Any(p => p.SpanId == s.ParentSpanId)) == 1,
            "a whole trace that ends with the Sandbox receiving the reply",
            TimeSpan.FromSeconds(60));

        var services = trace.Select(s => s.Service).ToHashSet();
        Assert.Superset(new HashSet<string> { "gateway", "ingest", "agent", "sandbox" }, services);
        Assert.Contains(trace, s => s.Service == "gateway" && s.Kind == Server && s.Name.StartsWith("POST", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "ingest" && s.Kind == Server && s.Name.Contains("webhooks/whatsapp", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "agent" && s.Kind == Consumer);
        // Every span but the root (the simulator's, whose parent is this test's request) hangs from another span of the same trace: nothing is cut off.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.Single(trace, s => !ids.Contains(s.ParentSpanId));
    }

    sealed class SpanDump(OtlpTraceReceiver otlp, string path) : IDisposable
    {
        public void Dispose() => File.WriteAllLines(path, otlp.Spans.Select(s => $"{s.TraceId} {s.SpanId} <- {s.ParentSpanId} [{s.Service}] kind={s.Kind} {s.Name}"));
    }

    /// <summary>The spans of the test's trace once the Sandbox has received its reply send, or none yet.</summary>
    static List<ReceivedSpan> SendTrace(IReadOnlyList<ReceivedSpan> spans, string traceId)
    {
        var trace = spans.Where(s => string.Equals(s.TraceId, traceId, StringComparison.OrdinalIgnoreCase)).ToList();
        return trace.Any(s => s.Service == "sandbox" && s.Kind == Server && s.Name.EndsWith("/messages", StringComparison.Ordinal)) ? trace : [];
    }
}
