using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Resp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Tenancy.Reading;

/// <summary>
/// Applies <c>tenancy:changed</c> to this instance's cache. Every instance must see every change,
/// so this is a plain XREAD (fan-out) from the position it last saw, not a consumer group (a group
/// shares entries among its consumers; a group per instance would leave orphan groups behind
/// every restart, and an invalidation needs no acknowledgement). The position is taken at
/// start-up, before the cache is first used, so no change committed after it can be missed;
/// after a Redis failure the whole cache is dropped, since changes may have passed unseen.
/// </summary>
internal sealed partial class TenancyChangeListener(IRedisClient redis, TenancyCache cache, TimeProvider timeProvider, ILogger<TenancyChangeListener> logger)
    : BackgroundService
{
    static readonly TimeSpan Block = TimeSpan.FromSeconds(5);
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    string? _position;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _position = await ReadLastIdAsync(redis, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnavailable(logger, exception);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = redis.CreateDedicated("tenancy-changes");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _position ??= await ReadLastIdAsync(connection, stoppingToken);
                foreach (var (id, change) in await ReadAsync(connection, _position, stoppingToken))
                {
                    if (change is not null)
                    {
                        cache.Apply(change);
                        LogApplied(logger, change.Entity, change.EntityId, change.Revision);
                    }
                    _position = id;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogUnavailable(logger, exception);
                cache.Clear();
                try
                {
                    await Task.Delay(RetryDelay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    static async Task<string> ReadLastIdAsync(IRedisClient client, CancellationToken cancellationToken)
    {
        var exists = (await client.ExecuteAsync(new RedisCommand("EXISTS", StreamNames.TenancyChanged), cancellationToken)).AsInt64() == 1;
        return exists ? (await client.StreamInfoAsync(StreamNames.TenancyChanged, cancellationToken)).LastGeneratedId : "0-0";
    }

    async Task<List<(string Id, TenancyChanged? Change)>> ReadAsync(IRedisClient client, string after, CancellationToken cancellationToken)
    {
        var reply = await client.ExecuteAsync(
            new RedisCommand("XREAD", "COUNT", 100, "BLOCK", (long)Block.TotalMilliseconds, "STREAMS", StreamNames.TenancyChanged, after) { BlockFor = Block },
            cancellationToken);
        var entries = new List<(string, TenancyChanged?)>();
        if (reply.IsNull)
        {
            return entries;
        }
        // RESP3: a map stream -> entries; RESP2: an array of [stream, entries].
        var streams = reply.Type == RespType.Map ? reply.AsPairs().Select(pair => pair.Value) : reply.Items.Select(stream => stream.Items[1]);
        foreach (var entry in streams.SelectMany(stream => stream.Items))
        {
            var id = entry.Items[0].AsString() ?? "0-0";
            entries.Add((id, Decode(id, entry.Items[1])));
        }
        return entries;
    }

    TenancyChanged? Decode(string id, RespReply fields)
    {
        var values = fields.Items;
        for (var i = 0; i + 1 < values.Count; i += 2)
        {
            if (values[i].AsString() == EnvelopeFields.Payload && values[i + 1].AsBytes() is { } payload)
            {
                try
                {
                    return EventSerializer.Deserialize<TenancyChanged>(payload);
                }
                catch (System.Text.Json.JsonException exception)
                {
                    LogUnreadable(logger, exception, id);
                    return null;
                }
            }
        }
        LogUnreadable(logger, null, id);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenancy cache dropped {Entity} {EntityId} (revision {Revision})")]
    static partial void LogApplied(ILogger logger, TenancyEntity entity, string entityId, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read tenancy:changed; the cache is dropped and refreshed from the database until the stream is back")]
    static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped tenancy:changed entry {EntryId}: it is not a TenancyChanged event")]
    static partial void LogUnreadable(ILogger logger, Exception? exception, string entryId);
}
