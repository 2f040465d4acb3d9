using System.Globalization;
using Messaging.Contracts;
using Messaging.Streams.Bus;
using StackExchange.Redis;

namespace Messaging.Streams.DeadLetters;

internal sealed class DeadLetterStore(IConnectionMultiplexer redis) : IDeadLetters
{
    // Adds the original fields (minus the dead-letter ones) back to the stream and drops the dead
    // letter, in one step. Both keys share the stream's cluster slot (StreamNames.DeadLetter).
    const string Replay = """
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
        """;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string stream, int count = 100, string? afterId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().StreamRangeAsync(StreamNames.DeadLetter(stream), afterId is null ? "-" : "(" + afterId, "+", count).ConfigureAwait(false);
        return entries.Select(ToDeadLetter).ToArray();
    }

    public async Task<string?> ReplayAsync(string stream, string deadEntryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(deadEntryId);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await redis.GetDatabase().ScriptEvaluateAsync(Replay, [StreamNames.DeadLetter(stream), stream], [deadEntryId]).ConfigureAwait(false);
        return reply.IsNull || reply.Resp3Type == ResultType.Boolean ? null : (string?)reply;
    }

    public async Task<bool> DeleteAsync(string stream, string deadEntryId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().StreamDeleteAsync(StreamNames.DeadLetter(stream), [deadEntryId]).ConfigureAwait(false) > 0;
    }

    static DeadLetter ToDeadLetter(StreamEntry entry)
    {
        var originalFields = entry.Values.Where(field => !((string?)field.Name ?? "").StartsWith(DeadLetterFields.Prefix, StringComparison.Ordinal)).ToArray();
        var original = new StreamEntry(EnvelopeCodec.Text(entry, DeadLetterFields.EntryId) ?? "", originalFields);
        return new DeadLetter(
            entry.Id!,
            EnvelopeCodec.Text(entry, DeadLetterFields.Stream) ?? "",
            original.Id!,
            EnvelopeCodec.Text(entry, DeadLetterFields.Group) ?? "",
            EnvelopeCodec.Text(entry, DeadLetterFields.Consumer) ?? "",
            long.TryParse(EnvelopeCodec.Text(entry, DeadLetterFields.Deliveries), CultureInfo.InvariantCulture, out var deliveries) ? deliveries : 0,
            EnvelopeCodec.Text(entry, DeadLetterFields.ErrorType) ?? "",
            EnvelopeCodec.Text(entry, DeadLetterFields.ErrorMessage) ?? "",
            EnvelopeCodec.Text(entry, DeadLetterFields.ErrorStackTrace),
            DateTimeOffset.TryParse(EnvelopeCodec.Text(entry, DeadLetterFields.FailedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var failedAt) ? failedAt : default,
            EnvelopeCodec.TryRead(original, out var envelope, out _) ? envelope : null);
    }
}
