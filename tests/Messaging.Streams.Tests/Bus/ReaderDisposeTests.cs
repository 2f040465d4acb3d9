using Messaging.Streams.Reading;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

/// <summary>
/// A service stopping while its consumers wait on the server: the shared connection is the one
/// the services get in production (no admin commands), and the wait is longer than any bound
/// below, so only a read ended on the server passes.
/// </summary>
public sealed class ReaderDisposeTests(RedisFixture redis)
{
    static readonly TimeSpan LongestBlock = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Disposing_a_reader_blocked_on_the_server_ends_its_read_there_without_an_error()
    {
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });
        var purpose = Keys.Unique("dispose");
        var reader = await host.Services.GetRequiredService<BlockingStreamReads>().OpenAsync(purpose, LongestBlock);
        var admin = ConfigurationOptions.Parse(redis.ConnectionString);
        admin.AllowAdmin = true;
        await using var check = await ConnectionMultiplexer.ConnectAsync(admin);
        var server = check.GetServer(check.GetEndPoints()[0]);
        async Task<ClientInfo[]> ReaderClientsAsync() =>
            [.. (await server.ClientListAsync()).Where(client => (client.Name ?? "").EndsWith($":{purpose}", StringComparison.Ordinal))];

        using var stop = new CancellationTokenSource();
        var read = reader.ReadAsync(Keys.Unique("quiet"), "$", 10, LongestBlock, stop.Token);
        await Eventually.HoldsAsync(async () => (await ReaderClientsAsync()).Any(client => client.Flags.HasFlag(ClientFlags.Blocked)), "the read blocked on the server");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);

        await reader.DisposeAsync();

        await Eventually.HoldsAsync(async () => (await ReaderClientsAsync()).Length == 0, "the reader's connection gone from the server");
    }
}
