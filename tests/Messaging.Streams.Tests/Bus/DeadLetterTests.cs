using Messaging.Testing;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

public sealed class DeadLetterTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_handler_that_always_throws_dead_letters_after_max_deliveries_and_replay_handles_it_once_fixed()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal { Behaviour = (_, _, _) => throw new InvalidOperationException("the database is gone") };
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));

        var entryId = await host.Publisher.PublishAsync(stream, new TestEvent("ws-9", "k", 1), Ct);
        await Eventually.HoldsAsync(async () => (await host.DeadLetters.ListAsync(stream, cancellationToken: Ct)).Count == 1, "the entry dead-lettered");

        var dead = Assert.Single(await host.DeadLetters.ListAsync(stream, cancellationToken: Ct));
        Assert.Equal(3, journal.Attempts);
        Assert.Equal([1L, 2L, 3L], journal.Contexts.Select(context => context.DeliveryCount));
        Assert.Equal((stream, entryId, "g", 3L), (dead.Stream, dead.EntryId, dead.Group, dead.Deliveries));
        Assert.Equal(typeof(InvalidOperationException).FullName, dead.ErrorType);
        Assert.Equal("the database is gone", dead.ErrorMessage);
        Assert.Contains(nameof(JournalHandler), dead.ErrorStackTrace, StringComparison.Ordinal);
        Assert.Equal(journal.Contexts.First().EventId, dead.Envelope!.Id);
        Assert.Equal("ws-9", dead.Envelope.WorkspaceId);
        Assert.Equal(0, (await host.Database.StreamPendingAsync(stream, "g")).PendingMessageCount);

        journal.Behaviour = (_, _, _) => Task.CompletedTask;
        var replayed = await host.DeadLetters.ReplayAsync(stream, dead.DeadEntryId, Ct);

        Assert.NotNull(replayed);
        await Eventually.HoldsAsync(() => journal.HasEffect(dead.Envelope.Id), "the replayed event handled");
        Assert.Empty(await host.DeadLetters.ListAsync(stream, cancellationToken: Ct));
        Assert.Null(await host.DeadLetters.ReplayAsync(stream, dead.DeadEntryId, Ct));
        Assert.Equal(1, journal.Contexts.Last().DeliveryCount);
    }
}
