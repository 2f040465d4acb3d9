using Messaging.Streams.Resp;

namespace Messaging.Streams.Connection;

/// <summary>
/// A multiplexed Redis connection: concurrent commands are pipelined on one socket. Typed
/// commands are extension methods in <c>Messaging.Streams.Commands</c>.
/// </summary>
public interface IRedisClient : IAsyncDisposable
{
    /// <summary>The protocol negotiated by the current connection (RESP3 unless asked or forced otherwise).</summary>
    RespProtocol Protocol { get; }

    bool IsConnected { get; }

    /// <summary>
    /// Sends a command and returns its reply. Error replies throw a
    /// <see cref="Errors.RedisServerException"/> subtype; a broken connection throws
    /// <see cref="Errors.RedisConnectionException"/>; no reply in time throws
    /// <see cref="Errors.RedisTimeoutException"/>.
    /// </summary>
    Task<RespReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default);

    /// <summary>A client with its own socket, for blocking commands; the caller disposes it.</summary>
    IRedisClient CreateDedicated(string purpose);
}
