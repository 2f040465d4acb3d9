using LoadBench;
using System.Text.Json;
using Messaging.Contracts;
using StackExchange.Redis;

namespace FuzzBench;

/// <summary>What the run left on the product's Redis streams: the inbound messages, the dead letters, and every consumer group's backlog.</summary>
public sealed class StreamState(IConnectionMultiplexer redis)
{
    readonly IDatabase _database = redis.GetDatabase();

    /// <summary>How many times each provider message id is on <c>msg:inbound</c>.</summary>
    public async Task<IReadOnlyDictionary<string, int>> InboundMessageIdsAsync()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        RedisValue after = "-";
        while (true)
        {
            var entries = await _database.StreamRangeAsync(StreamNames.Inbound, after, "+", count: 500);
            foreach (var entry in entries.Where(e => e.Id != after))
            {
                using var payload = JsonDocument.Parse((byte[])entry["payload"]!);
                var id = payload.RootElement.GetProperty("providerMessageId").GetString() ?? "";
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
            if (entries.Length < 500)
            {
                return counts;
            }
            after = entries[^1].Id;
        }
    }

    /// <summary>Every dead-letter stream's entries: the stream, group and error of each.</summary>
    public async Task<IReadOnlyList<string>> DeadLettersAsync()
    {
        var found = new List<string>();
        foreach (var key in LoadProduct.Streams.Select(StreamNames.DeadLetter))
        {
            foreach (var entry in await _database.StreamRangeAsync(key, "-", "+", count: 20))
            {
                found.Add($"{key} {entry.Id}: group {entry["dead:group"]}, {entry["dead:error-type"]}: {entry["dead:error-message"]}");
            }
        }
        return found;
    }

    /// <summary>
    /// Waits until every consumer group of every stream has read its stream to the end and
    /// acknowledged everything, or <paramref name="timeout"/> passes; then the groups that have not.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnsettledGroupsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var unsettled = new List<string>();
            foreach (var stream in LoadProduct.Streams)
            {
                if (!await _database.KeyExistsAsync(stream))
                {
                    continue;
                }
                var last = (await _database.StreamInfoAsync(stream)).LastGeneratedId;
                foreach (var group in await _database.StreamGroupInfoAsync(stream))
                {
                    if (group.PendingMessageCount > 0 || group.LastDeliveredId != last)
                    {
                        unsettled.Add($"{stream} group {group.Name}: {group.PendingMessageCount} pending, read to {group.LastDeliveredId} of {last}");
                    }
                }
            }
            if (unsettled.Count == 0 || DateTime.UtcNow > deadline)
            {
                return unsettled;
            }
            await Task.Delay(500);
        }
    }
}
