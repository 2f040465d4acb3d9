using Messaging.Contracts;
using Messaging.Streams.Bus;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Bus;

public sealed class ClusterSlotTests(RedisFixture redis)
{
    [Theory]
    [InlineData(StreamNames.Inbound)]
    [InlineData(StreamNames.TenancyChanged)]
    [InlineData("orders{eu}:events")]
    public async Task Keys_a_script_touches_with_a_stream_share_its_cluster_slot(string stream)
    {
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });

        var slot = host.Redis.HashSlot(stream);

        Assert.Equal(slot, host.Redis.HashSlot(StreamNames.DeadLetter(stream)));
        Assert.Equal(slot, host.Redis.HashSlot(DeduplicationKeys.For(stream, "meta:wamid.HBgL")));
        Assert.NotEqual(stream, StreamNames.DeadLetter(stream));
    }
}
