using StackExchange.Redis;

namespace Messaging.Streams.Errors;

/// <summary>
/// Which exceptions mean "Redis did not do it, or may not have": StackExchange.Redis reports a
/// lost or refused connection and error replies as <see cref="RedisException"/>, but a command
/// without a reply in time as <see cref="RedisTimeoutException"/>, which is a TimeoutException.
/// Callers that fall back (Ingest's spool) or retry must catch both.
/// </summary>
public static class RedisFailure
{
    public static bool Is(Exception exception) => exception is RedisException or RedisTimeoutException;

    /// <summary>The stream or the group does not exist (deleted, FLUSHALL, a restart without persistence).</summary>
    internal static bool IsNoGroup(Exception exception) =>
        exception is RedisServerException server && server.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    internal static bool IsBusyGroup(Exception exception) =>
        exception is RedisServerException server && server.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal);
}
