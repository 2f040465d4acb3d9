using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Messaging.Streams.Telemetry;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Bus;

public sealed class MetricsTests(RedisFixture redis)
{
    [Fact]
    public async Task Publishing_handling_failing_and_dead_lettering_are_counted_per_stream()
    {
        var stream = Keys.Unique("stream");
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamsTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "messaging.destination.name" && Equals(tag.Value, stream))
                {
                    counts.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                }
            }
        });
        listener.Start();
        var journal = new Journal { Behaviour = (e, _, _) => e.Sequence == 0 ? throw new InvalidOperationException("no") : Task.CompletedTask };
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g", o => o.MaxDeliveries = 1));

        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 0), TestContext.Current.CancellationToken);
        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 1), TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => counts.GetValueOrDefault("messaging.streams.dead_lettered") == 1 && counts.GetValueOrDefault("messaging.streams.handled") == 1, "one handled, one dead-lettered");

        Assert.Equal(2, counts["messaging.streams.published"]);
        Assert.Equal(1, counts["messaging.streams.failed"]);
    }
}
