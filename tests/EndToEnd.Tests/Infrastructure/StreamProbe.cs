using System.Text.Json;
using Messaging.Streams.Bus;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>Reads what landed on a stream, filtered by channel, as the consumers will see it.</summary>
public sealed class StreamProbe(IRedisClient redis) : IAsyncDisposable
{
    public static async Task<StreamProbe> ConnectAsync(string connectionString, CancellationToken ct) =>
        new(await RedisClient.ConnectAsync(connectionString, ct));

    public async Task<IReadOnlyList<(string Type, JsonElement Payload)>> ReadAsync(string stream, string channelId, CancellationToken ct) =>
        [.. (await ReadAllAsync(stream, ct)).Where(e => e.Payload.TryGetProperty("channelId", out var c) && c.GetString() == channelId)];

    public async Task<IReadOnlyList<(string Type, JsonElement Payload)>> ReadAllAsync(string stream, CancellationToken ct)
    {
        var entries = await redis.StreamRangeAsync(stream, cancellationToken: ct);
        return [.. entries.Select(e => (Type: e.GetString(EnvelopeFields.Type)!, Payload: JsonDocument.Parse(e.GetString(EnvelopeFields.Payload)!).RootElement.Clone()))];
    }

    public ValueTask DisposeAsync() => redis.DisposeAsync();
}
