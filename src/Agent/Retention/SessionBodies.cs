using Agent.Delivery;
using StackExchange.Redis;

namespace Agent.Retention;

/// <summary>
/// Under metadata retention no message text reaches PostgreSQL, yet the operator who takes over
/// a live conversation has to read it. The text of the session is kept in Redis only, one hash
/// per conversation (message id to body), expiring one customer service window (24 hours) after
/// the conversation's latest message, the time in which anyone can still answer it freely.
/// </summary>
public sealed partial class SessionBodies(IConnectionMultiplexer redis, ILogger<SessionBodies> logger)
{
    public static readonly TimeSpan Lifetime = OutboundHandler.CustomerServiceWindow;

    static RedisKey Key(Guid conversationId) => "agent:session-bodies:" + conversationId.ToString("N");

    /// <summary>Keeps <paramref name="body"/> for the session; a failure costs only the operator's view of it, never the turn.</summary>
    public async Task KeepAsync(Guid conversationId, long messageId, string body)
    {
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.HashSetAsync(Key(conversationId), messageId, body);
            _ = transaction.KeyExpireAsync(Key(conversationId), Lifetime);
            await transaction.ExecuteAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotKept(logger, conversationId, messageId, e.Message);
        }
    }

    /// <summary>The bodies kept for the conversation's session, by message id; empty once the session is over.</summary>
    public async Task<IReadOnlyDictionary<long, string>> ReadAsync(Guid conversationId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(Key(conversationId));
        return entries.ToDictionary(e => (long)e.Name, e => e.Value.ToString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the text of message {MessageId} is not kept for the session (metadata retention): {Reason}")]
    static partial void LogNotKept(ILogger logger, Guid conversationId, long messageId, string reason);
}
