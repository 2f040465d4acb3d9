using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>PING, INFO, and any other command by name.</summary>
public static class ServerCommands
{
    public static async Task<string> PingAsync(this IRedisClient client, CancellationToken cancellationToken = default) =>
        (await client.ExecuteAsync(new RedisCommand("PING"), cancellationToken).ConfigureAwait(false)).AsString() ?? "";

    /// <summary>INFO as text; <paramref name="section"/> narrows it (server, memory, persistence...).</summary>
    public static async Task<string> InfoAsync(this IRedisClient client, string? section = null, CancellationToken cancellationToken = default)
    {
        var command = section is null ? new RedisCommand("INFO") : new RedisCommand("INFO", section);
        return (await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsString() ?? "";
    }

    /// <summary>Any command, for what has no typed method.</summary>
    public static Task<RespReply> ExecuteAsync(this IRedisClient client, string command, IReadOnlyList<RespArgument> arguments, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(new RedisCommand(command, arguments), cancellationToken);
}
