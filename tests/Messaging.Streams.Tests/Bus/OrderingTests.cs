using System.Collections.Concurrent;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Bus;

public sealed class OrderingTests(RedisFixture redis)
{
    [Fact]
    public async Task Entries_with_the_same_key_run_one_at_a_time_in_order_while_keys_run_in_parallel()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        var running = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var parallel = 0;
        var maxParallel = 0;
        journal.Behaviour = async (@event, _, ct) =>
        {
            if (running.AddOrUpdate(@event.Key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }
            var now = Interlocked.Increment(ref parallel);
            InterlockedMax(ref maxParallel, now);
            await Task.Delay(Random.Shared.Next(0, 6), ct);
            Interlocked.Decrement(ref parallel);
            running.AddOrUpdate(@event.Key, 0, (_, n) => n - 1);
        };
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal,
            bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g", options =>
            {
                options.MaxConcurrency = 8;
                options.OrderBy = e => e.Key;
            }));

        for (var sequence = 0; sequence < 30; sequence++)
        {
            for (var key = 0; key < 5; key++)
            {
                await host.Publisher.PublishAsync(stream, new TestEvent("ws", $"conversation-{key}", sequence), TestContext.Current.CancellationToken);
            }
        }
        await Eventually.HoldsAsync(() => journal.EffectCount == 150, "all 150 events handled");

        Assert.Equal(0, overlaps);
        foreach (var key in journal.Handled.GroupBy(e => e.Key))
        {
            Assert.Equal(Enumerable.Range(0, 30), key.Select(e => e.Sequence));
        }
        Assert.True(maxParallel > 1, "different keys never ran in parallel");
    }

    static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
