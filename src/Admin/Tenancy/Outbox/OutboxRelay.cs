using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Model;
using Npgsql;

namespace Admin.Tenancy.Outbox;

/// <summary>
/// Publishes the committed rows of <c>tenancy.outbox</c> to <c>tenancy:changed</c>, then deletes
/// them. A change is committed with its outbox row, so no change is ever left unannounced: a crash
/// or a Redis outage only delays the event until the relay runs again (at-least-once; readers
/// invalidate idempotently). Replicas take disjoint batches with SKIP LOCKED; readers do not
/// need the events in order, since each one only drops cached data.
/// </summary>
internal sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    IEventPublisher publisher,
    OutboxSignal signal,
    TimeProvider timeProvider,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    const int BatchSize = 100;
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayBatchAsync(stoppingToken) == BatchSize)
                {
                }
                backoff = TimeSpan.FromSeconds(1);
                await signal.WaitAsync(PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRelayFailed(logger, exception, backoff);
                try
                {
                    await Task.Delay(backoff, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changes = new List<(long Id, TenancyChanged Change)>();
        await using (var select = new NpgsqlCommand(
            "SELECT id, workspace_id, entity, entity_id, channel_id, revision, occurred_at FROM tenancy.outbox ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED",
            connection, transaction))
        {
            select.Parameters.AddWithValue("limit", BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add((reader.GetInt64(0), new TenancyChanged(
                    reader.GetGuid(1).ToString(),
                    TenancyCodes.Parse<TenancyEntity>(reader.GetString(2)),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4).ToString(),
                    reader.GetInt64(5),
                    reader.GetFieldValue<DateTimeOffset>(6))));
            }
        }
        if (changes.Count == 0)
        {
            return 0;
        }
        foreach (var (_, change) in changes)
        {
            await publisher.PublishAsync(StreamNames.TenancyChanged, change, cancellationToken);
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM tenancy.outbox WHERE id = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", changes.Select(c => c.Id).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        LogRelayed(logger, changes.Count);
        return changes.Count;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Count} tenancy:changed events")]
    static partial void LogRelayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing tenancy:changed failed; the outbox keeps the events and retries in {Backoff}")]
    static partial void LogRelayFailed(ILogger logger, Exception exception, TimeSpan backoff);
}
