using System.Globalization;
using Messaging.Streams.Commands;
using Messaging.Streams.Resp;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Connection;

public sealed class MultiplexingTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public async Task Ten_thousand_concurrent_commands_on_one_connection_get_their_own_replies(RespProtocol protocol)
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString, protocol);
        var prefix = ClientFactory.Key("multiplex");

        var tasks = Enumerable.Range(0, 10_000).Select(i => Task.Run(async () =>
        {
            var key = $"{prefix}:{i % 100}";
            var text = i.ToString(CultureInfo.InvariantCulture);
            return i % 2 == 0
                ? (await client.ExecuteAsync("ECHO", [text], Ct)).AsString() == text
                : await client.IncrementAsync(key, i, Ct) >= i;
        }, Ct)).ToArray();

        Assert.All(await Task.WhenAll(tasks), Assert.True);
        var total = 0L;
        for (var k = 0; k < 100; k++)
        {
            total += long.Parse(await client.GetAsync($"{prefix}:{k}", Ct) ?? "0", CultureInfo.InvariantCulture);
        }
        Assert.Equal(Enumerable.Range(0, 10_000).Where(i => i % 2 == 1).Sum(i => (long)i), total);
    }

    [Fact]
    public async Task A_cancelled_blocking_read_fails_fast_and_the_connection_stays_usable()
    {
        await using var client = await ClientFactory.ConnectAsync(redis.ConnectionString);
        await using var blocking = client.CreateDedicated("blocking");
        var stream = ClientFactory.Key("stream");
        await client.StreamCreateGroupAsync(stream, "g", cancellationToken: Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var read = blocking.StreamReadGroupAsync(stream, "g", "c", block: TimeSpan.FromSeconds(30), cancellationToken: cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal("PONG", await client.PingAsync(Ct));
    }
}
