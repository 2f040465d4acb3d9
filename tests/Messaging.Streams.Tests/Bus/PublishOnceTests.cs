using Messaging.Streams.Commands;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Bus;

public sealed class PublishOnceTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_key_appends_once_however_many_publishers_race()
    {
        var stream = "once-" + Guid.NewGuid().ToString("N");
        var key = "dedup:" + Guid.NewGuid().ToString("N");
        await using var first = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });
        await using var second = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? first : second).Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", i), key, TimeSpan.FromMinutes(5), Ct)));

        Assert.Single(results, id => id is not null);
        Assert.Equal(1, await first.Redis.StreamLengthAsync(stream, Ct));
        Assert.Equal(results.Single(id => id is not null), await first.Redis.GetAsync(key, Ct));
    }

    [Fact]
    public async Task The_key_expires_with_its_window()
    {
        var stream = "once-" + Guid.NewGuid().ToString("N");
        var key = "dedup:" + Guid.NewGuid().ToString("N");
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });

        await host.Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", 1), key, TimeSpan.FromMinutes(90), Ct);

        var ttl = await host.Redis.TimeToLiveAsync(key, Ct);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(85), TimeSpan.FromMinutes(90));
    }

    [Fact]
    public async Task A_failed_append_leaves_no_key_so_a_retry_goes_through()
    {
        var stream = "once-" + Guid.NewGuid().ToString("N");
        var key = "dedup:" + Guid.NewGuid().ToString("N");
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });
        await host.Redis.SetAsync(stream, "not a stream", cancellationToken: Ct);

        await Assert.ThrowsAnyAsync<Messaging.Streams.Errors.RedisServerException>(() =>
            host.Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", 1), key, TimeSpan.FromMinutes(5), Ct));
        Assert.False(await host.Redis.ExistsAsync(key, Ct));

        await host.Redis.DeleteAsync(stream, Ct);
        Assert.NotNull(await host.Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", 1), key, TimeSpan.FromMinutes(5), Ct));
    }
}
