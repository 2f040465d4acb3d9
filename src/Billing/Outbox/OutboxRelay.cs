using Billing.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Billing.Outbox;

/// <summary>
/// Moves committed events from the outbox to their stream, oldest first, marking each sent
/// only after the transport accepted it. Replicas share the work with FOR UPDATE SKIP LOCKED;
/// a failed send stops the batch (keeping order) and is retried at the next poll. A crash
/// between the send and the mark sends the event again: delivery is at least once and
/// consumers dedupe by event id.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes,
    IOutboxTransport transport,
    OutboxSignal signal,
    IOptions<BillingOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayBatchAsync(stoppingToken) == options.Value.OutboxBatchSize)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(logger, e);
            }
            await signal.WaitAsync(options.Value.OutboxPollInterval, stoppingToken);
        }
    }

    /// <summary>Relays up to one batch; returns how many events were sent.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = await db.Outbox
            .FromSql($"SELECT * FROM billing.outbox WHERE sent_at IS NULL ORDER BY id LIMIT {options.Value.OutboxBatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var message in pending)
        {
            try
            {
                await transport.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                LogSendFailed(logger, message.EventType, message.EventId, message.Stream, message.Attempts, e);
                break;
            }
            message.SentAt = time.GetUtcNow();
            sent++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Relaying the outbox failed; retrying at the next poll")]
    static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {EventType} {EventId} to {Stream} (attempt {Attempts}); it stays in the outbox")]
    static partial void LogSendFailed(ILogger logger, string eventType, Guid eventId, string stream, int attempts, Exception exception);
}
