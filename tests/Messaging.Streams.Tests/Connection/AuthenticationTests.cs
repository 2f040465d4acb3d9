using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Messaging.Streams.Resp;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Connection;

public sealed class AuthenticationTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RespProtocol.Resp2, false)]
    [InlineData(RespProtocol.Resp3, false)]
    [InlineData(RespProtocol.Resp2, true)]
    [InlineData(RespProtocol.Resp3, true)]
    public async Task The_right_password_connects_and_a_wrong_one_fails_clearly(RespProtocol protocol, bool withUser)
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: true, Ct);
        var user = withUser ? ",user=default" : "";

        await using (var client = await ClientFactory.ConnectAsync(server.ConnectionString + user, protocol))
        {
            Assert.Equal("PONG", await client.PingAsync(Ct));
        }
        var wrong = await Assert.ThrowsAsync<RedisAuthenticationException>(() => ClientFactory.ConnectAsync($"127.0.0.1:{server.Port},password=wrong{user}", protocol));
        Assert.Equal("WRONGPASS", wrong.Prefix);
        var missing = await Assert.ThrowsAsync<RedisAuthenticationException>(async () =>
        {
            await using var client = await ClientFactory.ConnectAsync($"127.0.0.1:{server.Port}", protocol);
            await client.PingAsync(Ct);
        });
        Assert.Equal("NOAUTH", missing.Prefix);
    }

    [Fact]
    public async Task Out_of_memory_is_its_own_error_type()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        await using var client = await ClientFactory.ConnectAsync(server.ConnectionString);
        await client.ExecuteAsync("CONFIG", ["SET", "maxmemory", "1"], Ct);

        await Assert.ThrowsAsync<RedisOutOfMemoryException>(() => client.SetAsync("k", "v", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_the_connect_clearly()
    {
        var port = Messaging.Hosting.Servers.FreePort.Next();
        var options = RedisConnectionOptions.Parse($"127.0.0.1:{port},connectTimeout=500");

        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options, cancellationToken: Ct));
    }
}
