using System.Text;
using Messaging.Streams.Commands;
using Messaging.Streams.Errors;
using Messaging.Streams.Resp;
using Messaging.Streams.Tests.Connection;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Commands;

public sealed class CommandRoundTripTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Strings_round_trip_with_nx_px_and_get(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        Assert.Equal(protocol, client.Protocol);
        var key = ClientFactory.Key("string");

        Assert.True(await client.SetAsync(key, "één", cancellationToken: Ct));
        Assert.Equal("één", await client.GetAsync(key, Ct));
        Assert.False(await client.SetAsync(key, "other", condition: SetCondition.NotExists, cancellationToken: Ct));
        Assert.True(await client.SetAsync(key, "second", TimeSpan.FromMilliseconds(60_500), SetCondition.Exists, Ct));
        Assert.InRange((await client.TimeToLiveAsync(key, Ct))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(60_500));
        var previous = await client.SetAndGetPreviousAsync(key, "third", cancellationToken: Ct);
        Assert.Equal("second", Encoding.UTF8.GetString(previous!.Value.Span));
        Assert.Null(await client.GetAsync(ClientFactory.Key("absent"), Ct));

        var counter = ClientFactory.Key("counter");
        Assert.Equal(1, await client.IncrementAsync(counter, cancellationToken: Ct));
        Assert.Equal(11, await client.IncrementAsync(counter, 10, Ct));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Binary_and_one_mebibyte_values_round_trip_unchanged(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var binary = new byte[] { 0, 13, 10, 255, 36, 42, 0, 13 };
        var large = new byte[1024 * 1024];
        new Random(7).NextBytes(large);
        var binaryKey = ClientFactory.Key("binary");
        var largeKey = ClientFactory.Key("large");

        await client.SetAsync(binaryKey, binary, cancellationToken: Ct);
        await client.SetAsync(largeKey, large, cancellationToken: Ct);

        Assert.Equal(binary, (await client.GetBytesAsync(binaryKey, Ct))!.Value.ToArray());
        Assert.Equal(large, (await client.GetBytesAsync(largeKey, Ct))!.Value.ToArray());
    }

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Keys_exist_expire_and_delete(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var key = ClientFactory.Key("key");
        await client.SetAsync(key, 1, cancellationToken: Ct);

        Assert.True(await client.ExistsAsync(key, Ct));
        Assert.True(await client.ExpireAsync(key, TimeSpan.FromSeconds(100), Ct));
        Assert.True(await client.ExpireAsync(key, TimeSpan.FromMilliseconds(100_250), Ct));
        Assert.NotNull(await client.TimeToLiveAsync(key, Ct));
        Assert.Equal(1, await client.DeleteAsync([key, ClientFactory.Key("absent")], Ct));
        Assert.False(await client.ExistsAsync(key, Ct));
        Assert.False(await client.ExpireAsync(key, TimeSpan.FromSeconds(1), Ct));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Hashes_round_trip_and_hgetall_reads_as_a_map(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var key = ClientFactory.Key("hash");

        Assert.Equal(2, await client.HashSetAsync(key, [new("name", "Ada"), new("visits", 1)], Ct));
        Assert.Equal(0, await client.HashSetAsync(key, "name", "Ada L.", Ct));
        Assert.Equal(5, await client.HashIncrementAsync(key, "visits", 4, Ct));
        Assert.Equal("Ada L.", await client.HashGetAsync(key, "name", Ct));
        Assert.Null(await client.HashGetAsync(key, "absent", Ct));
        var raw = await client.ExecuteAsync("HGETALL", [key], Ct);
        Assert.Equal(protocol == RespProtocol.Resp3 ? RespType.Map : RespType.Array, raw.Type);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Ada L.", ["visits"] = "5" }, await client.HashGetAllAsync(key, Ct));
        Assert.Equal(1, await client.HashDeleteAsync(key, ["name"], Ct));
        Assert.Empty(await client.HashGetAllAsync(ClientFactory.Key("absent"), Ct));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Sorted_sets_round_trip(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var key = ClientFactory.Key("zset");

        Assert.True(await client.SortedSetAddAsync(key, "a", 1, cancellationToken: Ct));
        Assert.True(await client.SortedSetAddAsync(key, "b", 2.5, cancellationToken: Ct));
        Assert.True(await client.SortedSetAddAsync(key, "c", 10, cancellationToken: Ct));
        Assert.False(await client.SortedSetAddAsync(key, "a", 5, SetCondition.NotExists, Ct));

        Assert.Equal(["a", "b"], await client.SortedSetRangeByScoreAsync(key, double.NegativeInfinity, 3, cancellationToken: Ct));
        Assert.Equal([new("b", 2.5), new KeyValuePair<string, double>("c", 10)], await client.SortedSetRangeByScoreWithScoresAsync(key, 2, double.PositiveInfinity, cancellationToken: Ct));
        Assert.Equal(2.5, await client.SortedSetScoreAsync(key, "b", Ct));
        Assert.Null(await client.SortedSetScoreAsync(key, "z", Ct));
        Assert.Equal(1, await client.SortedSetRemoveAsync(key, ["a", "z"], Ct));
        Assert.Equal(2, await client.SortedSetLengthAsync(key, Ct));
    }

    [Fact]
    public async Task A_script_is_loaded_again_when_the_server_forgot_it()
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString);
        var script = new RedisScript("return {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[1])}");
        var key = ClientFactory.Key("script");

        await client.ExecuteAsync("SCRIPT", ["FLUSH"], Ct);
        var reply = await script.EvaluateAsync(client, [key], [7], Ct);

        Assert.Equal([key, "7", "7"], reply.Items.Select(item => item.AsString()));
        await Assert.ThrowsAsync<RedisNoScriptException>(() => client.ExecuteAsync("EVALSHA", [new string('0', 40), 0], Ct));
    }

    [Fact]
    public async Task The_database_option_selects_another_database()
    {
        await using var database1 = await ClientFactory.ConnectAsync(redis.ConnectionString + ",database=1");
        await using var database0 = await ClientFactory.ConnectAsync(redis.ConnectionString);
        var key = ClientFactory.Key("db");

        await database1.SetAsync(key, "one", cancellationToken: Ct);

        Assert.Equal("one", await database1.GetAsync(key, Ct));
        Assert.Null(await database0.GetAsync(key, Ct));
    }

    [Fact]
    public async Task Ping_info_and_any_command_by_name()
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString);

        Assert.Equal("PONG", await client.PingAsync(Ct));
        Assert.Contains("redis_version", await client.InfoAsync("server", Ct), StringComparison.Ordinal);
        Assert.Equal("hello", (await client.ExecuteAsync("ECHO", ["hello"], Ct)).AsString());
    }

    [Fact]
    public async Task Redis_errors_surface_as_their_own_exception_types()
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString);
        var hash = ClientFactory.Key("hash");
        await client.HashSetAsync(hash, "f", "v", Ct);
        var stream = ClientFactory.Key("stream");

        var wrongType = await Assert.ThrowsAsync<RedisWrongTypeException>(() => client.GetAsync(hash, Ct));
        Assert.Equal("WRONGTYPE", wrongType.Prefix);
        await Assert.ThrowsAsync<RedisNoGroupException>(() => client.StreamReadGroupAsync(stream, "nobody", "c", cancellationToken: Ct));
        await client.StreamCreateGroupAsync(stream, "g", cancellationToken: Ct);
        await Assert.ThrowsAsync<RedisBusyGroupException>(() => client.ExecuteAsync("XGROUP", ["CREATE", stream, "g", "$"], Ct));
        var unknown = await Assert.ThrowsAsync<RedisServerException>(() => client.ExecuteAsync("NOSUCHCOMMAND", [], Ct));
        Assert.Equal("ERR", unknown.Prefix);
        Assert.Equal("PONG", await client.PingAsync(Ct));
    }
}
