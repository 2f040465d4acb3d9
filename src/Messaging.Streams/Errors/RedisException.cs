namespace Messaging.Streams.Errors;

/// <summary>Base of every failure of the Redis client.</summary>
public class RedisException : Exception
{
    public RedisException()
    {
    }

    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The connection failed. When thrown for a command that was already written, the command
/// may or may not have run on the server: only the caller can decide whether a retry is safe.
/// </summary>
public sealed class RedisConnectionException(string message, Exception? innerException = null) : RedisException(message, innerException)
{
    /// <summary>True when the command had been written to the socket before the connection failed.</summary>
    public bool CommandMayHaveRun { get; init; }
}

/// <summary>No reply within the configured timeout; the command may still run on the server.</summary>
public sealed class RedisTimeoutException(string message, Exception? innerException = null) : RedisException(message, innerException);

/// <summary>The server sent bytes that are not valid RESP; the connection is dropped.</summary>
public sealed class RedisProtocolException(string message) : RedisException(message);

/// <summary>A reply of a type the typed command did not expect.</summary>
public sealed class RedisUnexpectedReplyException(string message) : RedisException(message);
