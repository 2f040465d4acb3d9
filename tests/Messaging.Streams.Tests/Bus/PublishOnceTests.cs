using Messaging.Streams.Bus;
using Messaging.Testing;
using StackExchange.Redis;

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
        Assert.Equal(1, await first.Database.StreamLengthAsync(stream));
        Assert.Equal(results.Single(id => id is not null), (string?)await first.Database.StringGetAsync(DeduplicationKeys.For(stream, key)));
    }

    [Fact]
    public async Task The_key_expires_with_its_window()
    {
        var stream = "once-" + Guid.NewGuid().ToString("N");
        var key = "dedup:" + Guid.NewGuid().ToString("N");
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });

        await host.Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", 1), key, TimeSpan.FromMinutes(90), Ct);

        var ttl = await host.Database.KeyTimeToLiveAsync(DeduplicationKeys.For(stream, key));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(85), TimeSpan.FromMinutes(90));
    }

    [Fact]
    public async Task A_failed_append_leaves_no_key_so_a_retry_goes_through()
    {
        var stream = "once-" + Guid.NewGuid().ToString("N");
        var key = "dedup:" + Guid.NewGuid().ToString("N");
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });
        await host.Database.StringSetAsync(stream, "not a stream");

        await Assert.ThrowsAnyAsync<RedisServerException>(() =>
            host.Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", 1), key, TimeSpan.FromMinutes(5), Ct));
        Assert.False(await host.Database.KeyExistsAsync(DeduplicationKeys.For(stream, key)));

        await host.Database.KeyDeleteAsync(stream);
        Assert.NotNull(await host.Publisher.PublishOnceAsync(stream, new TestEvent("ws", "k", 1), key, TimeSpan.FromMinutes(5), Ct));
    }
}
