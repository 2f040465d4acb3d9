using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Streams.Errors;
using Messaging.Streams.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Messaging.Tenancy.Reading;

/// <summary>
/// Applies <c>tenancy:changed</c> to this instance's cache. Every instance must see every change,
/// so this is a plain XREAD (fan-out) from the position it last saw, not a consumer group (a group
/// shares entries among its consumers; a group per instance would leave orphan groups behind
/// every restart, and an invalidation needs no acknowledgement). The position is taken at
/// start-up, before the cache is first used, so no change committed after it can be missed;
/// after a Redis failure the whole cache is dropped, since changes may have passed unseen. The
/// blocking XREAD waits on a connection of its own, never on the shared multiplexer.
/// </summary>
internal sealed partial class TenancyChangeListener(IConnectionMultiplexer redis, BlockingStreamReads reads, TenancyCache cache, TimeProvider timeProvider, ILogger<TenancyChangeListener> logger)
    : BackgroundService
{
    static readonly TimeSpan Block = TimeSpan.FromSeconds(5);
    static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

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
        var connection = await reads.OpenAsync("tenancy-changes", Block);
        await using var _ = connection;
        var whileRedisIsDown = RedisOutageRetry.Create(timeProvider, FirstRetryDelay, (exception, _) =>
        {
            LogUnavailable(logger, exception);
            cache.Clear();
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await whileRedisIsDown.ExecuteAsync(async cancellationToken =>
                {
                    _position ??= await ReadLastIdAsync(redis, cancellationToken);
                    foreach (var (id, change) in await ReadAsync(connection, _position, cancellationToken))
                    {
                        if (change is not null)
                        {
                            cache.Apply(change);
                            LogApplied(logger, change.Entity, change.EntityId, change.Revision);
                        }
                        _position = id;
                    }
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    static async Task<string> ReadLastIdAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = redis.GetDatabase();
        if (!await database.KeyExistsAsync(StreamNames.TenancyChanged))
        {
            return "0-0";
        }
        // XINFO STREAM's last-generated-id, not the last entry: trimming or XDEL may have removed it.
        return (await database.StreamInfoAsync(StreamNames.TenancyChanged)).LastGeneratedId.ToString();
    }

    async Task<List<(string Id, TenancyChanged? Change)>> ReadAsync(BlockingStreamReader connection, string after, CancellationToken cancellationToken)
    {
        var entries = new List<(string, TenancyChanged?)>();
        foreach (var entry in await connection.ReadAsync(StreamNames.TenancyChanged, after, 100, Block, cancellationToken))
        {
            var id = entry.Id.ToString();
            entries.Add((id, Decode(id, entry)));
        }
        return entries;
    }

    TenancyChanged? Decode(string id, StreamEntry entry)
    {
        var payload = entry[EnvelopeFields.Payload];
        if (payload.IsNull)
        {
            LogUnreadable(logger, null, id);
            return null;
        }
        try
        {
            return EventSerializer.Deserialize<TenancyChanged>((byte[])payload!);
        }
        catch (System.Text.Json.JsonException exception)
        {
            LogUnreadable(logger, exception, id);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenancy cache dropped {Entity} {EntityId} (revision {Revision})")]
    static partial void LogApplied(ILogger logger, TenancyEntity entity, string entityId, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read tenancy:changed; the cache is dropped and refreshed from the database until the stream is back")]
    static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped tenancy:changed entry {EntryId}: it is not a TenancyChanged event")]
    static partial void LogUnreadable(ILogger logger, Exception? exception, string entryId);
}
