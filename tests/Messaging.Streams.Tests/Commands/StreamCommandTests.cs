using Messaging.Streams.Commands;
using Messaging.Streams.Resp;
using Messaging.Streams.Tests.Connection;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Commands;

public sealed class StreamCommandTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Entries_flow_through_a_group_from_add_to_ack(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var stream = ClientFactory.Key("stream");

        Assert.True(await client.StreamCreateGroupAsync(stream, "g", "0", cancellationToken: Ct));
        Assert.False(await client.StreamCreateGroupAsync(stream, "g", "0", cancellationToken: Ct));
        var payload = new byte[] { 0, 1, 2, 13, 10, 255 };
        var first = await client.StreamAddAsync(stream, [StreamField.Of("type", "A"), new("payload", payload)], cancellationToken: Ct);
        var second = await client.StreamAddAsync(stream, [StreamField.Of("type", "B")], cancellationToken: Ct);

        var read = await client.StreamReadGroupAsync(stream, "g", "c1", count: 10, block: TimeSpan.FromMilliseconds(100), cancellationToken: Ct);
        Assert.Equal([first, second], read.Select(entry => entry.Id));
        Assert.Equal("A", read[0].GetString("type"));
        Assert.Equal(payload, read[0].GetBytes("payload")!.Value.ToArray());
        Assert.Empty(await client.StreamReadGroupAsync(stream, "g", "c1", block: TimeSpan.FromMilliseconds(50), cancellationToken: Ct));

        var summary = await client.StreamPendingAsync(stream, "g", Ct);
        Assert.Equal(2, summary.Count);
        Assert.Equal(first, summary.LowestId);
        Assert.Equal(2, summary.PerConsumer["c1"]);
        var rows = await client.StreamPendingRangeAsync(stream, "g", consumer: "c1", cancellationToken: Ct);
        Assert.Equal([1L, 1L], rows.Select(row => row.DeliveryCount));
        Assert.Equal(first, (await client.StreamReadGroupAsync(stream, "g", "c1", id: "0", cancellationToken: Ct))[0].Id);

        var claimed = await client.StreamAutoClaimAsync(stream, "g", "c2", TimeSpan.Zero, cancellationToken: Ct);
        Assert.Equal([first, second], claimed.Entries.Select(entry => entry.Id));
        Assert.Equal("0-0", claimed.NextStartId);
        // Re-reading the pending history (id 0) counted as a second delivery, the claim as a third.
        Assert.Equal([3L, 3L], (await client.StreamPendingRangeAsync(stream, "g", consumer: "c2", cancellationToken: Ct)).Select(row => row.DeliveryCount));
        Assert.Equal([first!], await client.StreamClaimIdsAsync(stream, "g", "c1", TimeSpan.Zero, [first!], Ct));

        Assert.Equal(2, await client.StreamAckAsync(stream, "g", [first!, second!], Ct));
        Assert.Equal(0, (await client.StreamPendingAsync(stream, "g", Ct)).Count);
    }

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Info_length_range_delete_and_trimming(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var stream = ClientFactory.Key("stream");
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await client.StreamAddAsync(stream, [StreamField.Of("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], StreamTrim.ByLength(5, approximate: false), cancellationToken: Ct))!);
        }
        await client.StreamCreateGroupAsync(stream, "g", "0", cancellationToken: Ct);
        await client.StreamReadGroupAsync(stream, "g", "c", count: 2, cancellationToken: Ct);

        Assert.Equal(5, await client.StreamLengthAsync(stream, Ct));
        var info = await client.StreamInfoAsync(stream, Ct);
        Assert.Equal(5, info.Length);
        Assert.Equal(ids[^1], info.LastGeneratedId);
        Assert.Equal(10, info.EntriesAdded);
        Assert.Equal(1, info.Groups);
        Assert.Equal("5", info.FirstEntry!.GetString("n"));
        var group = Assert.Single(await client.StreamGroupsAsync(stream, Ct));
        Assert.Equal(("g", 1L, 2L), (group.Name, group.Consumers, group.Pending));
        Assert.Equal(3, group.Lag);

        Assert.Equal(ids[5..8], (await client.StreamRangeAsync(stream, ids[5], ids[7], cancellationToken: Ct)).Select(entry => entry.Id));
        Assert.Equal(1, await client.StreamDeleteAsync(stream, [ids[9]], Ct));
        await client.StreamAddAsync(stream, [StreamField.Of("n", "x")], StreamTrim.ByMinId(ids[8], approximate: false), cancellationToken: Ct);
        Assert.Equal(2, await client.StreamLengthAsync(stream, Ct));

        Assert.Null(await client.StreamAddAsync(ClientFactory.Key("absent"), [StreamField.Of("n", "1")], noMakeStream: true, cancellationToken: Ct));
    }

    [Fact]
    public async Task Autoclaim_reports_entries_deleted_while_pending()
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString);
        var stream = ClientFactory.Key("stream");
        await client.StreamCreateGroupAsync(stream, "g", "0", cancellationToken: Ct);
        var id = await client.StreamAddAsync(stream, [StreamField.Of("f", "v")], cancellationToken: Ct);
        await client.StreamReadGroupAsync(stream, "g", "c1", cancellationToken: Ct);
        await client.StreamDeleteAsync(stream, [id!], Ct);

        var claimed = await client.StreamAutoClaimAsync(stream, "g", "c2", TimeSpan.Zero, cancellationToken: Ct);

        Assert.Empty(claimed.Entries);
        Assert.Equal([id!], claimed.DeletedIds);
    }
}
