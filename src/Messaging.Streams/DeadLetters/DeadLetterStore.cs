using System.Globalization;
using Messaging.Contracts;
using Messaging.Streams.Bus;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;

namespace Messaging.Streams.DeadLetters;

internal sealed class DeadLetterStore(IRedisClient redis) : IDeadLetters
{
    // Adds the original fields (minus the dead-letter ones) back to the stream and drops the dead letter, in one step.
    static readonly RedisScript Replay = new("""
        local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
        if #entries == 0 then return false end
        local fields = entries[1][2]
        local original = {}
        for i = 1, #fields, 2 do
          if string.sub(fields[i], 1, 5) ~= 'dead:' then
            original[#original + 1] = fields[i]
            original[#original + 1] = fields[i + 1]
          end
        end
        if #original == 0 then return redis.error_reply('ERR dead letter ' .. ARGV[1] .. ' holds no original fields') end
        local id = redis.call('XADD', KEYS[2], '*', unpack(original))
        redis.call('XDEL', KEYS[1], ARGV[1])
        return id
        """);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string stream, int count = 100, string? afterId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        var entries = await redis.StreamRangeAsync(StreamNames.DeadLetter(stream), afterId is null ? "-" : "(" + afterId, "+", count, cancellationToken).ConfigureAwait(false);
        return entries.Select(ToDeadLetter).ToArray();
    }

    public async Task<string?> ReplayAsync(string stream, string deadEntryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(deadEntryId);
        var reply = await Replay.EvaluateAsync(redis, [StreamNames.DeadLetter(stream), stream], [deadEntryId], cancellationToken).ConfigureAwait(false);
        return reply.AsString();
    }

    public async Task<bool> DeleteAsync(string stream, string deadEntryId, CancellationToken cancellationToken = default) =>
        await redis.StreamDeleteAsync(StreamNames.DeadLetter(stream), [deadEntryId], cancellationToken).ConfigureAwait(false) > 0;

    static DeadLetter ToDeadLetter(StreamEntry entry)
    {
        var original = new StreamEntry(entry.GetString(DeadLetterFields.EntryId) ?? "", entry.Fields.Where(field => !field.Name.StartsWith(DeadLetterFields.Prefix, StringComparison.Ordinal)).ToArray());
        return new DeadLetter(
            entry.Id,
            entry.GetString(DeadLetterFields.Stream) ?? "",
            original.Id,
            entry.GetString(DeadLetterFields.Group) ?? "",
            entry.GetString(DeadLetterFields.Consumer) ?? "",
            long.TryParse(entry.GetString(DeadLetterFields.Deliveries), CultureInfo.InvariantCulture, out var deliveries) ? deliveries : 0,
            entry.GetString(DeadLetterFields.ErrorType) ?? "",
            entry.GetString(DeadLetterFields.ErrorMessage) ?? "",
            entry.GetString(DeadLetterFields.ErrorStackTrace),
            DateTimeOffset.TryParse(entry.GetString(DeadLetterFields.FailedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var failedAt) ? failedAt : default,
            EnvelopeCodec.TryRead(original, out var envelope, out _) ? envelope : null);
    }
}
