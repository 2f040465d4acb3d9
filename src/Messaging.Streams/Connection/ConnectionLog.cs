using Microsoft.Extensions.Logging;

namespace Messaging.Streams.Connection;

internal static partial class ConnectionLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to Redis at {EndPoint} ({Protocol}, {Client})")]
    public static partial void Connected(ILogger logger, RedisEndPoint endPoint, Resp.RespProtocol protocol, string client);

    [LoggerMessage(2, LogLevel.Warning, "Connection to Redis at {EndPoint} lost ({Client}); reconnecting")]
    public static partial void ConnectionLost(ILogger logger, Exception reason, RedisEndPoint endPoint, string client);

    [LoggerMessage(3, LogLevel.Warning, "Could not connect to Redis ({Client}); retrying in {DelayMs} ms")]
    public static partial void ConnectFailed(ILogger logger, Exception reason, string client, long delayMs);
}
