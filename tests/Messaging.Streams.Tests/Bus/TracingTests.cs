using System.Collections.Concurrent;
using System.Diagnostics;
using Messaging.Streams.Telemetry;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Bus;

public sealed class TracingTests(RedisFixture redis)
{
    static readonly ActivitySource Test = new("Messaging.Streams.Tests");

    [Fact]
    public async Task A_trace_started_before_publish_continues_in_the_consumer()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is StreamsTelemetry.Name or "Messaging.Streams.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        var seenInHandler = new ConcurrentQueue<ActivityContext>();
        journal.Behaviour = (_, _, _) =>
        {
            seenInHandler.Enqueue(Activity.Current!.Context);
            return Task.CompletedTask;
        };
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));

        ActivityTraceId traceId;
        using (var request = Test.StartActivity("webhook", ActivityKind.Server)!)
        {
            traceId = request.TraceId;
            await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 1), TestContext.Current.CancellationToken);
        }
        await Eventually.HoldsAsync(() => stopped.Any(a => a.TraceId == traceId && a.Kind == ActivityKind.Consumer), "the consumer span ended");

        var producer = stopped.Single(a => a.TraceId == traceId && a.Kind == ActivityKind.Producer);
        var consumer = stopped.Single(a => a.TraceId == traceId && a.Kind == ActivityKind.Consumer);
        Assert.Equal(producer.SpanId, consumer.ParentSpanId);
        Assert.Equal(stream, consumer.GetTagItem("messaging.destination.name"));
        Assert.Equal(consumer.SpanId, Assert.Single(seenInHandler).SpanId);
    }
}
