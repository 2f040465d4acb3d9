using System.Globalization;
using Messaging.Contracts;
using StackExchange.Redis;

namespace Messaging.Streams.DeadLetters;

/// <summary>Moves an entry to its dead-letter stream and acknowledges it, in one atomic step.</summary>
internal sealed class DeadLetterWriter(IConnectionMultiplexer redis, TimeProvider time)
{
    // Both keys share the stream's cluster slot (StreamNames.DeadLetter).
    const string MoveAndAck = """
        redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
        return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        """;

    public async Task WriteAsync(string stream, string group, string consumer, StreamEntry entry, long deliveries, Exception error)
    {
        List<RedisValue> arguments = [group, entry.Id];
        foreach (var field in entry.Values.Where(field => !((string?)field.Name ?? "").StartsWith(DeadLetterFields.Prefix, StringComparison.Ordinal)))
        {
            arguments.Add(field.Name);
            arguments.Add(field.Value);
        }
        Add(arguments, DeadLetterFields.Stream, stream);
        Add(arguments, DeadLetterFields.EntryId, entry.Id!);
        Add(arguments, DeadLetterFields.Group, group);
        Add(arguments, DeadLetterFields.Consumer, consumer);
        Add(arguments, DeadLetterFields.Deliveries, deliveries.ToString(CultureInfo.InvariantCulture));
        Add(arguments, DeadLetterFields.ErrorType, error.GetType().FullName ?? error.GetType().Name);
        Add(arguments, DeadLetterFields.ErrorMessage, error.Message);
        Add(arguments, DeadLetterFields.ErrorStackTrace, error.ToString());
        Add(arguments, DeadLetterFields.FailedAt, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await redis.GetDatabase().ScriptEvaluateAsync(MoveAndAck, [stream, StreamNames.DeadLetter(stream)], [.. arguments]).ConfigureAwait(false);
    }

    static void Add(List<RedisValue> arguments, string name, string value)
    {
        arguments.Add(name);
        arguments.Add(value);
    }
}
