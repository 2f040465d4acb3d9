using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Tests.Connection;

internal static class ClientFactory
{
    public static Task<RedisClient> ConnectAsync(string connectionString, RespProtocol protocol = RespProtocol.Resp3) =>
        RedisClient.ConnectAsync(RedisConnectionOptions.Parse(connectionString) with { Protocol = protocol }, cancellationToken: TestContext.Current.CancellationToken);

    public static string Key(string purpose) => $"test:{purpose}:{Guid.NewGuid():N}";
}
