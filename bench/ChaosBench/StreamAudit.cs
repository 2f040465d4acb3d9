using LoadBench;
using Messaging.Contracts;
using Messaging.Streams.DeadLetters;
using StackExchange.Redis;

namespace ChaosBench;

/// <summary>
/// Every consumer group of every stream of the pipeline as Redis holds it (XINFO GROUPS, XPENDING),
/// the Agent's turn schedule, and every dead letter with its error.
/// </summary>
public sealed class StreamAudit(IConnectionMultiplexer redis)
{
    /// <summary>The Agent's schedule of conversations whose turn is still to run (src/Agent/Turns/TurnSchedule.cs).</summary>
    const string TurnSchedule = "agent:turns:due";

    /// <summary>A group that has not read to the end of its stream or not acknowledged everything it read.</summary>
    public sealed record Backlog(string Stream, string Group, long Pending, bool Unread, IReadOnlyList<string> Entries);

    public sealed record DeadLetter(string Stream, string Id, string Group, string Deliveries, string ErrorType, string ErrorMessage);

    /// <summary>Groups with entries pending or unread, and how many conversations the Agent still has scheduled.</summary>
    public async Task<(IReadOnlyList<Backlog> Groups, long ScheduledTurns)> BacklogAsync()
    {
        var database = redis.GetDatabase();
        var backlog = new List<Backlog>();
        foreach (var stream in LoadProduct.Streams)
        {
            if (!await database.KeyExistsAsync(stream))
            {
                continue;
            }
            var last = (await database.StreamInfoAsync(stream)).LastGeneratedId;
            foreach (var group in await database.StreamGroupInfoAsync(stream))
            {
                var unread = group.LastDeliveredId != last;
                if (group.PendingMessageCount == 0 && !unread)
                {
                    continue;
                }
                var entries = group.PendingMessageCount == 0 ? [] : (await database.StreamPendingMessagesAsync(stream, group.Name, 10, RedisValue.Null))
                    .Select(p => $"{p.MessageId} (consumer {p.ConsumerName}, idle {p.IdleTimeInMilliseconds / 1000.0:0.#} s, delivered {p.DeliveryCount}x)")
                    .ToList();
                backlog.Add(new Backlog(stream, group.Name, group.PendingMessageCount, unread, entries));
            }
        }
        return (backlog, await database.SortedSetLengthAsync(TurnSchedule));
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync()
    {
        var database = redis.GetDatabase();
        var letters = new List<DeadLetter>();
        foreach (var stream in LoadProduct.Streams)
        {
            foreach (var entry in await database.StreamRangeAsync(StreamNames.DeadLetter(stream)))
            {
                string Field(string name) => (string?)entry[name] ?? "";
                letters.Add(new DeadLetter(stream, entry.Id.ToString(), Field(DeadLetterFields.Group), Field(DeadLetterFields.Deliveries),
                    Field(DeadLetterFields.ErrorType), Field(DeadLetterFields.ErrorMessage)));
            }
        }
        return letters;
    }
}
