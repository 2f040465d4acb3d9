namespace Messaging.Streams.Errors;

/// <summary>
/// An error reply from Redis. <see cref="Prefix"/> is the error code (the first word, e.g.
/// WRONGTYPE); the well-known codes have their own exception type.
/// </summary>
public class RedisServerException(string prefix, string message) : RedisException(message)
{
    public string Prefix { get; } = prefix;

    /// <summary>Builds the most specific exception for an error reply such as "NOGROUP No such key...".</summary>
    public static RedisServerException FromError(string error, string command)
    {
        var space = error.IndexOf(' ', StringComparison.Ordinal);
        var prefix = space < 0 ? error : error[..space];
        var message = $"{command}: {error}";
        return prefix switch
        {
            "WRONGTYPE" => new RedisWrongTypeException(message),
            "NOGROUP" => new RedisNoGroupException(message),
            "BUSYGROUP" => new RedisBusyGroupException(message),
            "NOSCRIPT" => new RedisNoScriptException(message),
            "OOM" => new RedisOutOfMemoryException(message),
            "WRONGPASS" or "NOAUTH" => new RedisAuthenticationException(prefix, message),
            "NOPERM" => new RedisNoPermissionException(message),
            "LOADING" => new RedisLoadingException(message),
            "READONLY" => new RedisReadOnlyException(message),
            "BUSY" => new RedisBusyException(message),
            _ => new RedisServerException(prefix, message),
        };
    }
}

/// <summary>The key holds a value of another type.</summary>
public sealed class RedisWrongTypeException(string message) : RedisServerException("WRONGTYPE", message);

/// <summary>The consumer group (or its stream) does not exist.</summary>
public sealed class RedisNoGroupException(string message) : RedisServerException("NOGROUP", message);

/// <summary>The consumer group already exists (XGROUP CREATE).</summary>
public sealed class RedisBusyGroupException(string message) : RedisServerException("BUSYGROUP", message);

/// <summary>EVALSHA named a script the server does not have (after a restart or SCRIPT FLUSH).</summary>
public sealed class RedisNoScriptException(string message) : RedisServerException("NOSCRIPT", message);

/// <summary>Redis reached maxmemory and refuses writes.</summary>
public sealed class RedisOutOfMemoryException(string message) : RedisServerException("OOM", message);

/// <summary>Wrong user or password (WRONGPASS), or a password is required (NOAUTH).</summary>
public sealed class RedisAuthenticationException(string prefix, string message) : RedisServerException(prefix, message);

/// <summary>The ACL user may not run this command or touch this key.</summary>
public sealed class RedisNoPermissionException(string message) : RedisServerException("NOPERM", message);

/// <summary>The server is still loading its data set (after a restart); retry shortly.</summary>
public sealed class RedisLoadingException(string message) : RedisServerException("LOADING", message);

/// <summary>A write was sent to a read-only replica.</summary>
public sealed class RedisReadOnlyException(string message) : RedisServerException("READONLY", message);

/// <summary>A script runs too long and blocks the server.</summary>
public sealed class RedisBusyException(string message) : RedisServerException("BUSY", message);
