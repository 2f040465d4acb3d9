using Messaging.Streams.Commands;
using Messaging.Streams.Connection;

namespace Agent.Turns;

/// <summary>
/// The conversations waiting for their burst window to close (a Redis sorted set scored by the
/// due time of their first pending message), and the burst buffer: the text of each pending
/// message, kept in Redis so that metadata retention never writes a body to the database.
/// </summary>
public sealed class TurnSchedule(IRedisClient redis, TimeProvider time)
{
    const string DueKey = "agent:turns:due";
    static readonly TimeSpan BufferExpiry = TimeSpan.FromDays(1);

    static string BufferKey(Guid conversationId) => $"agent:burst:{conversationId:N}";

    /// <summary>Buffers a message's text and schedules its conversation, unless it already waits for an earlier due time.</summary>
    public async Task ScheduleAsync(Guid conversationId, string turnId, string? text, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (text is not null)
        {
            await redis.HashSetAsync(BufferKey(conversationId), turnId, text, cancellationToken);
            await redis.ExpireAsync(BufferKey(conversationId), BufferExpiry, cancellationToken);
        }
        await redis.SortedSetAddAsync(DueKey, conversationId.ToString("N"), dueAt.ToUnixTimeMilliseconds(), SetCondition.NotExists, cancellationToken);
    }

    /// <summary>Puts a conversation back in the schedule (stalled turns), due now.</summary>
    public Task RescheduleAsync(Guid conversationId, CancellationToken cancellationToken) =>
        redis.SortedSetAddAsync(DueKey, conversationId.ToString("N"), time.GetUtcNow().ToUnixTimeMilliseconds(), SetCondition.NotExists, cancellationToken);

    public async Task<IReadOnlyList<Guid>> DueAsync(int take, CancellationToken cancellationToken)
    {
        var members = await redis.SortedSetRangeByScoreAsync(DueKey, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds(), take, cancellationToken);
        return members.Select(member => Guid.ParseExact(member, "N")).ToArray();
    }

    /// <summary>
    /// Called by the lock holder before it reads the pending turns: a message recorded after
    /// this schedules the conversation again instead of being lost.
    /// </summary>
    public Task UnscheduleAsync(Guid conversationId, CancellationToken cancellationToken) =>
        redis.SortedSetRemoveAsync(DueKey, [conversationId.ToString("N")], cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> BufferedTextsAsync(Guid conversationId, CancellationToken cancellationToken) =>
        await redis.HashGetAllAsync(BufferKey(conversationId), cancellationToken);

    public async Task ForgetAsync(Guid conversationId, IReadOnlyList<string> turnIds, CancellationToken cancellationToken)
    {
        if (turnIds.Count > 0)
        {
            await redis.HashDeleteAsync(BufferKey(conversationId), turnIds, cancellationToken);
        }
    }
}
