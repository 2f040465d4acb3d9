using Messaging.Testing;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

public sealed class ReliabilityTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entries_of_a_consumer_killed_mid_handler_are_reclaimed_and_handled_exactly_once()
    {
        var stream = Keys.Unique("stream");
        var effects = new Journal();
        var dying = new Journal();
        var stuck = 0;
        // The first consumer never finishes a handler: as good as dead once it stops renewing its claims.
        dying.Behaviour = (_, _, _) =>
        {
            Interlocked.Increment(ref stuck);
            return new TaskCompletionSource().Task;
        };
        var first = await BusHost.StartAsync(redis.ConnectionString, dying, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g", o => o.MaxConcurrency = 4),
            new Dictionary<string, string?> { ["Streams:Consumer:ShutdownTimeout"] = "00:00:00" });
        var published = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await first.Publisher.PublishAsync(stream, new TestEvent("ws", "k", i), Ct);
        }
        await Eventually.HoldsAsync(() => Volatile.Read(ref stuck) == 4, "the first consumer holds 4 entries");
        await first.DisposeAsync();

        await using var second = await BusHost.StartAsync(redis.ConnectionString, effects, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));
        for (var i = 4; i < 10; i++)
        {
            await second.Publisher.PublishAsync(stream, new TestEvent("ws", "k", i), Ct);
        }

        await Eventually.HoldsAsync(() => effects.EffectCount == 10, "all 10 events handled by the survivor");
        await Eventually.HoldsAsync(async () => (await second.Database.StreamPendingAsync(stream, "g")).PendingMessageCount == 0, "nothing left pending");
        Assert.All(effects.EffectIds, id => Assert.Equal(1, effects.CompletedRuns(id)));
        Assert.Equal(4, effects.Contexts.Count(context => context.DeliveryCount == 2));
        Assert.Equal(0, dying.EffectCount);
    }

    [Fact]
    public async Task Graceful_shutdown_finishes_quick_handlers_and_leaves_unfinished_entries_pending()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        var started = 0;
        journal.Behaviour = async (@event, _, ct) =>
        {
            Interlocked.Increment(ref started);
            // Odd sequences never finish by themselves; even ones finish shortly after the stop begins.
            await Task.Delay(@event.Sequence % 2 == 1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(300), @event.Sequence % 2 == 1 ? ct : CancellationToken.None);
        };
        var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"),
            new Dictionary<string, string?> { ["Streams:Consumer:ShutdownTimeout"] = "00:00:02" });
        for (var i = 0; i < 4; i++)
        {
            await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", i), Ct);
        }
        await Eventually.HoldsAsync(() => Volatile.Read(ref started) == 4, "4 handlers running");
        var check = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using (check)
        {
            await host.DisposeAsync();

            var pending = await check.GetDatabase().StreamPendingMessagesAsync(stream, "g", 100, RedisValue.Null);
            Assert.Equal(2, pending.Length);
            Assert.Equal(2, journal.EffectCount);
            Assert.All(journal.Handled, e => Assert.Equal(0, e.Sequence % 2));
        }
    }

    [Fact]
    public async Task A_consumer_whose_stream_was_deleted_creates_its_group_again_and_goes_on()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));
        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 1), Ct);
        await Eventually.HoldsAsync(() => journal.EffectCount == 1, "the first event handled");

        // What FLUSHALL or a restart without persistence does to a stream and its groups.
        await host.Database.KeyDeleteAsync(stream);
        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 2), Ct);

        await Eventually.HoldsAsync(() => journal.EffectCount == 2, "the event published after the deletion handled");
        Assert.Contains(await host.Database.StreamGroupInfoAsync(stream), group => group.Name == "g");
    }
}
