using Messaging.Streams.Errors;
using Messaging.Testing;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

public sealed class RestartTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_acknowledged_publish_is_lost_across_a_redis_restart_and_consumers_resume_by_themselves()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: true, Ct);
        var journal = new Journal();
        const string Stream = "restart:events";
        await using var host = await BusHost.StartAsync(server.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(Stream, "g"));
        var acknowledged = new List<int>();
        var refused = 0;

        for (var i = 0; i < 300; i++)
        {
            if (i == 100)
            {
                await server.RestartAsync(Ct);
            }
            try
            {
                await host.Publisher.PublishAsync(Stream, new TestEvent("ws", "k", i), Ct);
                acknowledged.Add(i);
            }
            catch (Exception exception) when (RedisFailure.Is(exception))
            {
                // Not acknowledged: a producer would retry (Ingest spools or answers 5xx); no promise is made about this one.
                refused++;
            }
            await Task.Delay(2, Ct);
        }

        await Eventually.HoldsAsync(() => journal.Handled.Select(e => e.Sequence).Intersect(acknowledged).Count() == acknowledged.Count, "every acknowledged event handled");
        var check = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using (check)
        {
            var stored = (await check.GetDatabase().StreamRangeAsync(Stream)).Select(entry => (string?)entry["payload"]).ToHashSet();
            Assert.All(acknowledged, i => Assert.Contains(stored, payload => payload!.Contains($"\"sequence\":{i}}}", StringComparison.Ordinal)));
        }
        Assert.True(acknowledged.Count >= 290, $"only {acknowledged.Count} publishes acknowledged ({refused} refused)");
        Assert.Contains(acknowledged, i => i > 100);
    }
}
