using System.Text.Json;
using Messaging.Streams.Bus;
using StackExchange.Redis;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>Reads what landed on a stream, filtered by channel, as the consumers will see it.</summary>
public sealed class StreamProbe(ConnectionMultiplexer redis) : IAsyncDisposable
{
    public static async Task<StreamProbe> ConnectAsync(string connectionString, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return new(await ConnectionMultiplexer.ConnectAsync(connectionString));
    }

    public async Task<IReadOnlyList<(string Type, JsonElement Payload)>> ReadAsync(string stream, string channelId, CancellationToken ct) =>
        [.. (await ReadAllAsync(stream, ct)).Where(e => e.Payload.TryGetProperty("channelId", out var c) && c.GetString() == channelId)];

    public async Task<IReadOnlyList<(string Type, JsonElement Payload)>> ReadAllAsync(string stream, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().StreamRangeAsync(stream);
        return [.. entries.Select(e => (Type: (string)e[EnvelopeFields.Type]!, Payload: JsonDocument.Parse((string)e[EnvelopeFields.Payload]!).RootElement.Clone()))];
    }

    public ValueTask DisposeAsync() => redis.DisposeAsync();
}
