using System.Diagnostics;
using StackExchange.Redis;

namespace Agent.Turns;

/// <summary>
/// The conversations waiting for their burst window to close (a Redis sorted set scored by the
/// due time of their first pending message), and the burst buffer: the text of each pending
/// message, kept in Redis so that metadata retention never writes a body to the database.
/// </summary>
public sealed class TurnSchedule(IConnectionMultiplexer redis, TimeProvider time)
{
    const string DueKey = "agent:turns:due";
    const string TraceKey = "agent:turns:trace";
    static readonly TimeSpan BufferExpiry = TimeSpan.FromDays(1);

    static string BufferKey(Guid conversationId) => $"agent:burst:{conversationId:N}";

    IDatabase Database => redis.GetDatabase();

    /// <summary>Buffers a message's text and schedules its conversation, unless it already waits for an earlier due time.</summary>
    public async Task ScheduleAsync(Guid conversationId, string turnId, string? text, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (text is not null)
        {
            await Database.HashSetAsync(BufferKey(conversationId), turnId, text);
            await Database.KeyExpireAsync(BufferKey(conversationId), BufferExpiry);
        }
        // The first message of a burst gives the turn its trace.
        if (Activity.Current?.Id is { } traceParent)
        {
            await Database.HashSetAsync(TraceKey, conversationId.ToString("N"), traceParent, When.NotExists);
        }
        await Database.SortedSetAddAsync(DueKey, conversationId.ToString("N"), dueAt.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);
    }

    /// <summary>The trace of the message that scheduled the conversation's turn, taken once.</summary>
    public async Task<string?> TakeTraceParentAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Read and delete in one round trip (MULTI/EXEC): this runs on every turn.
        var field = conversationId.ToString("N");
        var take = Database.CreateTransaction();
#pragma warning disable SER303 // HGETDEL needs Redis 8; the product runs on Redis 7.
        var traceParent = take.HashGetAsync(TraceKey, field);
        _ = take.HashDeleteAsync(TraceKey, field);
#pragma warning restore SER303
        await take.ExecuteAsync();
        var value = await traceParent;
        return value.HasValue ? value.ToString() : null;
    }

    /// <summary>Puts a conversation back in the schedule (stalled turns), due now.</summary>
    public async Task RescheduleAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Database.SortedSetAddAsync(DueKey, conversationId.ToString("N"), time.GetUtcNow().ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);
    }

    public async Task<IReadOnlyList<Guid>> DueAsync(int take, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = await Database.SortedSetRangeByScoreAsync(DueKey, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds(), take: take);
        return members.Select(member => Guid.ParseExact(member.ToString(), "N")).ToArray();
    }

    /// <summary>
    /// Called by the lock holder before it reads the pending turns: a message recorded after
    /// this schedules the conversation again instead of being lost.
    /// </summary>
    public async Task UnscheduleAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Database.SortedSetRemoveAsync(DueKey, conversationId.ToString("N"));
    }

    public async Task<IReadOnlyDictionary<string, string>> BufferedTextsAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await Database.HashGetAllAsync(BufferKey(conversationId));
        return fields.ToDictionary(field => field.Name.ToString(), field => field.Value.ToString(), StringComparer.Ordinal);
    }

    public async Task ForgetAsync(Guid conversationId, IReadOnlyList<string> turnIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (turnIds.Count > 0)
        {
            await Database.HashDeleteAsync(BufferKey(conversationId), turnIds.Select(id => (RedisValue)id).ToArray());
        }
    }
}
