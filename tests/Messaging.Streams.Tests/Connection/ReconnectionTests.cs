using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Connection;

public sealed class ReconnectionTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_flight_commands_fail_clearly_and_queued_ones_run_after_the_server_returns()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: true, Ct);
        var options = RedisConnectionOptions.Parse(server.ConnectionString + ",syncTimeout=20000") with { MaxReconnectDelay = TimeSpan.FromMilliseconds(200) };
        await using var client = await RedisClient.ConnectAsync(options, cancellationToken: Ct);
        await using var blocking = client.CreateDedicated("blocking");
        await client.StreamCreateGroupAsync("s", "g", cancellationToken: Ct);
        var inFlight = blocking.StreamReadGroupAsync("s", "g", "c", block: TimeSpan.FromSeconds(30), cancellationToken: Ct);
        await WaitForBlockedClientAsync(client);

        await server.KillAsync();
        var lost = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight);
        Assert.True(lost.CommandMayHaveRun);
        // A command written before the client notices the dead socket fails like the one above; wait until it knows.
        while (client.IsConnected)
        {
            await Task.Delay(10, Ct);
        }
        var queued = client.SetAsync("after-restart", "yes", cancellationToken: Ct);
        await server.StartAsync(Ct);

        Assert.True(await queued);
        Assert.Equal("yes", await client.GetAsync("after-restart", Ct));
        Assert.Empty(await blocking.StreamReadGroupAsync("s", "g", "c", block: TimeSpan.FromMilliseconds(10), cancellationToken: Ct));
    }

    [Fact]
    public async Task A_command_waiting_for_a_connection_times_out_saying_it_did_not_run()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        var options = RedisConnectionOptions.Parse(server.ConnectionString + ",syncTimeout=300");
        await using var client = await RedisClient.ConnectAsync(options, cancellationToken: Ct);
        await server.KillAsync();

        var timeout = await Assert.ThrowsAnyAsync<RedisException>(async () =>
        {
            // The first command may still meet the dying socket; the next ones wait for a connection.
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    await client.PingAsync(Ct);
                }
                catch (RedisConnectionException)
                {
                }
            }
        });

        Assert.IsType<RedisTimeoutException>(timeout);
        Assert.Contains("did not run", timeout.Message, StringComparison.Ordinal);
    }

    static async Task WaitForBlockedClientAsync(IRedisClient client)
    {
        while (!(await client.InfoAsync("clients", Ct)).Contains("blocked_clients:1", StringComparison.Ordinal))
        {
            await Task.Delay(10, Ct);
        }
    }
}
