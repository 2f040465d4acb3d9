using System.Runtime.ExceptionServices;
using Messaging.Streams.Bus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows with <see cref="IEventPublisher"/>, oldest first, marking each
/// sent only after the bus accepted it; delivered rows are deleted once older than
/// <see cref="OutboxOptions.Retention"/>. Replicas take turns (a transaction-level advisory lock
/// per outbox), so events leave in id order across replicas too. A failed publish stops the batch
/// (keeping the order), is recorded on its row, and the relay backs off (Polly: exponential, with
/// jitter) until the bus takes it. A crash between the publish and the mark publishes the event
/// again: the append is deduplicated by the event id, and consumers are idempotent anyway.
/// </summary>
public sealed partial class OutboxRelay<TContext> : BackgroundService
    where TContext : DbContext, IOutboxContext
{
    readonly IServiceScopeFactory _scopes;
    readonly IEventPublisher _publisher;
    readonly OutboxRegistration _registration;
    readonly OutboxSignal _signal;
    readonly OutboxOptions _options;
    readonly TimeProvider _time;
    readonly ILogger<OutboxRelay<TContext>> _logger;
    readonly ResiliencePipeline _backoff;

    public OutboxRelay(
        IServiceScopeFactory scopes,
        IEventPublisher publisher,
        OutboxRegistration registration,
        OutboxSignal signal,
        IOptions<OutboxOptions> options,
        TimeProvider time,
        ILogger<OutboxRelay<TContext>> logger)
    {
        _scopes = scopes;
        _publisher = publisher;
        _registration = registration;
        _signal = signal;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _backoff = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                // Events must leave eventually: the relay keeps trying for as long as the service runs.
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    LogBackingOff(_logger, args.Outcome.Exception, _registration.Name, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    string LockKey => "messaging.outbox." + _registration.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweep = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _backoff.ExecuteAsync(static async (relay, ct) => await relay.DrainAsync(ct).ConfigureAwait(false), this, stoppingToken).ConfigureAwait(false);
                if (sweep)
                {
                    await PurgeAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPurgeFailed(_logger, e, _registration.Name);
            }
            try
            {
                sweep = !await _signal.WaitAsync(_options.SweepInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await RelayBatchAsync(cancellationToken).ConfigureAwait(false) == _options.BatchSize)
        {
        }
    }

    /// <summary>Relays up to one batch; returns how many events were sent, throws when the bus refused one.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({LockKey}))", cancellationToken).ConfigureAwait(false);
        // The table name comes from the model, never from input; the limit is a parameter.
        var select = "SELECT * FROM " + TableName(db) + " WHERE sent_at IS NULL ORDER BY id LIMIT {0}";
        var pending = await db.Outbox
            .FromSqlRaw(select, _options.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var sent = 0;
        Exception? failure = null;
        foreach (var message in pending)
        {
            try
            {
                await _registration.Events.PublishAsync(_publisher, message, _registration.Name + ":outbox:" + message.EventId, _options.DeduplicationWindow, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                LogPublishFailed(_logger, message.EventType, message.EventId, message.Stream, message.Attempts, e);
                failure = e;
                break;
            }
            message.SentAt = _time.GetUtcNow();
            sent++;
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        if (sent > 0)
        {
            LogRelayed(_logger, sent, _registration.Name);
        }
        return sent;
    }

    /// <summary>Deletes delivered rows older than the retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = _time.GetUtcNow() - _options.Retention;
        var purged = await db.Outbox.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            LogPurged(_logger, purged, _registration.Name);
        }
        return purged;
    }

    static string TableName(TContext db)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        return Quote(entity.GetSchema() ?? "public") + "." + Quote(entity.GetTableName()!);

        static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Count} events from the {Outbox} outbox")]
    static partial void LogRelayed(ILogger logger, int count, string outbox);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} delivered events from the {Outbox} outbox")]
    static partial void LogPurged(ILogger logger, int count, string outbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {EventType} {EventId} to {Stream} (attempt {Attempts}); it stays in the outbox")]
    static partial void LogPublishFailed(ILogger logger, string eventType, Guid eventId, string stream, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying the {Outbox} outbox failed (attempt {Attempt}); retrying in {Delay}")]
    static partial void LogBackingOff(ILogger logger, Exception? exception, string outbox, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging delivered events from the {Outbox} outbox failed; retrying at the next sweep")]
    static partial void LogPurgeFailed(ILogger logger, Exception exception, string outbox);
}
