using Messaging.Testing;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

public sealed class ConnectionUseTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_waiting_consumer_blocks_on_a_connection_of_its_own_and_the_shared_one_stays_free()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));
        var admin = ConfigurationOptions.Parse(redis.ConnectionString);
        admin.AllowAdmin = true;
        await using var check = await ConnectionMultiplexer.ConnectAsync(admin);
        var server = check.GetServer(check.GetEndPoints()[0]);

        await Eventually.HoldsAsync(async () => (await server.ClientListAsync()).Any(client =>
            (client.Name ?? "").EndsWith($":{stream}/g", StringComparison.Ordinal) && client.Flags.HasFlag(ClientFlags.Blocked)), "the consumer's read blocked on its own connection");
        // One socket per waiting consumer: the reader never subscribes, so it opens no pub/sub connection.
        Assert.Single(await server.ClientListAsync(), client => (client.Name ?? "").EndsWith($":{stream}/g", StringComparison.Ordinal));
        await host.Database.PingAsync();
        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 1), Ct);

        await Eventually.HoldsAsync(() => journal.EffectCount == 1, "the entry handled");
    }

    [Fact]
    public async Task Scripts_are_sent_by_their_hash_and_survive_a_script_flush()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        await using var host = await BusHost.StartAsync(server.ConnectionString, new Journal(), _ => { });
        var admin = ConfigurationOptions.Parse(server.ConnectionString);
        admin.AllowAdmin = true;
        await using var check = await ConnectionMultiplexer.ConnectAsync(admin);
        var commands = check.GetServer(check.GetEndPoints()[0]);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await host.Publisher.PublishOnceAsync("scripts", new TestEvent("ws", "k", i), $"key-{i}", TimeSpan.FromMinutes(1), Ct));
        }
        await commands.ScriptFlushAsync();
        Assert.NotNull(await host.Publisher.PublishOnceAsync("scripts", new TestEvent("ws", "k", 3), "key-3", TimeSpan.FromMinutes(1), Ct));

        var stats = await commands.InfoRawAsync("commandstats") ?? "";
        Assert.True(Calls(stats, "evalsha") >= 3, stats);
        Assert.Equal(4, await host.Database.StreamLengthAsync("scripts"));
    }

    static long Calls(string commandStats, string command)
    {
        var line = commandStats.Split('\n').Select(text => text.Trim()).FirstOrDefault(text => text.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
