using System.Diagnostics;
using StackExchange.Redis;

namespace Agent.Turns;

/// <summary>
/// The conversations waiting for their burst window to close (a Redis sorted set scored by the
/// due time of their first pending message), and the burst buffer: the text of each pending
/// message, kept in Redis so that metadata retention never writes a body to the database. The
/// sorted set is the durable record of every open window; scheduling one also wakes this
/// replica's scheduler when it is due (<see cref="TurnWakeups"/>), so no replica polls for it.
/// </summary>
public sealed class TurnSchedule(IConnectionMultiplexer redis, TurnWakeups wakeups, TimeProvider time)
{
    public const string DueKey = "agent:turns:due";
    const string TraceKey = "agent:turns:trace";
    static readonly TimeSpan BufferExpiry = TimeSpan.FromDays(1);

    // Takes the conversation out of the schedule only if its window has closed; otherwise says
    // when it closes. One key, so it runs on a cluster as on one server.
    const string Claim = """
        local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not due then return -1 end
        if tonumber(due) <= tonumber(ARGV[2]) then
            redis.call('ZREM', KEYS[1], ARGV[1])
            return 0
        end
        return due
        """;

    static string BufferKey(Guid conversationId) => $"agent:burst:{conversationId:N}";

    IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// Buffers a message's text and schedules its conversation, unless it already waits for an
    /// earlier due time, then wakes this replica's scheduler at the due time the schedule holds.
    /// </summary>
    public async Task ScheduleAsync(Guid conversationId, string turnId, string? text, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var member = conversationId.ToString("N");
        // Sent together: StackExchange.Redis pipelines commands issued before the first await.
        var writes = new List<Task>(4);
        if (text is not null)
        {
            writes.Add(Database.HashSetAsync(BufferKey(conversationId), turnId, text));
            writes.Add(Database.KeyExpireAsync(BufferKey(conversationId), BufferExpiry));
        }
        // The first message of a burst gives the turn its trace.
        if (Activity.Current?.Id is { } traceParent)
        {
            writes.Add(Database.HashSetAsync(TraceKey, member, traceParent, When.NotExists));
        }
        writes.Add(Database.SortedSetAddAsync(DueKey, member, dueAt.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists));
        var scheduled = Database.SortedSetScoreAsync(DueKey, member);
        await Task.WhenAll(writes);
        // An earlier message of the burst may have set an earlier due time: that one counts.
        wakeups.Wake(conversationId, await scheduled is { } due ? DateTimeOffset.FromUnixTimeMilliseconds((long)due) : dueAt);
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

    /// <summary>Puts a conversation back in the schedule (stalled turns), due now, and wakes this replica for it.</summary>
    public async Task RescheduleAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        await Database.SortedSetAddAsync(DueKey, conversationId.ToString("N"), now.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);
        wakeups.Wake(conversationId, now);
    }

    /// <summary>
    /// Called by the lock holder before it reads the pending turns: takes the conversation out
    /// of the schedule if its window has closed, so a message recorded after this schedules it
    /// again instead of being lost. A wake-up that came early (a timer of an earlier burst) finds
    /// the later due time instead, and one that came late finds nothing.
    /// </summary>
    public async Task<ScheduleClaim> ClaimAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = (long)await Database.ScriptEvaluateAsync(Claim, [DueKey], [conversationId.ToString("N"), time.GetUtcNow().ToUnixTimeMilliseconds()]);
        return result switch
        {
            0 => ScheduleClaim.Claimed,
            -1 => ScheduleClaim.NotScheduled,
            _ => ScheduleClaim.DueLater(DateTimeOffset.FromUnixTimeMilliseconds(result)),
        };
    }

    /// <summary>When the conversation's window closes, or null when it is not in the schedule.</summary>
    public async Task<DateTimeOffset?> DueAtAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await Database.SortedSetScoreAsync(DueKey, conversationId.ToString("N")) is { } due
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)due)
            : null;
    }

    /// <summary>Conversations whose window closed before <paramref name="before"/> and are still scheduled, the longest overdue first.</summary>
    public async Task<IReadOnlyList<Guid>> OverdueAsync(DateTimeOffset before, int take, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = await Database.SortedSetRangeByScoreAsync(DueKey, double.NegativeInfinity, before.ToUnixTimeMilliseconds(), take: take);
        return members.Select(member => Guid.ParseExact(member.ToString(), "N")).ToArray();
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
