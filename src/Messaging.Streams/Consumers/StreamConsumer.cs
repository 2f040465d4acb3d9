using System.Collections.Concurrent;
using System.Text.Json;
using Messaging.Contracts;
using Messaging.Streams.Bus;
using Messaging.Streams.DeadLetters;
using Messaging.Streams.Errors;
using Messaging.Streams.Reading;
using Messaging.Streams.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Messaging.Streams.Consumers;

/// <summary>
/// The hosted consumer of one group on one stream. It waits for new entries with a blocking
/// XREADGROUP on a connection of its own (<see cref="BlockingStreamReader"/>) and does everything
/// else on the shared multiplexer. It handles at most <see cref="ConsumerOptions.MaxConcurrency"/>
/// entries at once (one at a time per ordering key), acknowledges an entry only after its handler succeeded, keeps its
/// in-flight entries claimed, takes over entries idle past the visibility timeout (from dead
/// consumers, or its own failures, which is how a failed entry is retried), and moves an entry
/// to the dead-letter stream after the last allowed delivery.
/// </summary>
internal sealed class StreamConsumer : BackgroundService
{
    readonly ConsumerRegistration _registration;
    readonly ConsumerOptions _options = new();
    readonly IConnectionMultiplexer _redis;
    readonly BlockingStreamReads _reads;
    readonly IServiceScopeFactory _scopes;
    readonly StreamsMetrics _metrics;
    readonly DeadLetterWriter _deadLetters;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly string _consumer;
    readonly SemaphoreSlim _slots;
    readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    readonly KeyedSerializer _ordering = new();
    readonly CancellationTokenSource _handlerStop = new();

    public StreamConsumer(
        ConsumerRegistration registration,
        IOptions<StreamsOptions> streamsOptions,
        IConnectionMultiplexer redis,
        BlockingStreamReads reads,
        IServiceScopeFactory scopes,
        StreamsMetrics metrics,
        DeadLetterWriter deadLetters,
        TimeProvider time,
        ILogger<StreamConsumer> logger)
    {
        _registration = registration;
        streamsOptions.Value.Consumer.CopyTo(_options);
        foreach (var handler in registration.Handlers.Values)
        {
            handler.Configure(_options);
        }
        var failures = _options.Validate().ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException($"{Stream}/{Group}", typeof(ConsumerOptions), failures.Select(failure => $"Consumer {Group} on {Stream}: {failure}"));
        }
        _redis = redis;
        _reads = reads;
        _scopes = scopes;
        _metrics = metrics;
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        _consumer = _options.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
    }

    public string Stream => _registration.Stream;

    public string Group => _registration.Group;

    public string ConsumerName => _consumer;

    public override void Dispose()
    {
        base.Dispose();
        _slots.Dispose();
        _handlerStop.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ConsumerLog.Started(_logger, Stream, Group, _consumer, _options.MaxConcurrency, _options.VisibilityTimeout);
        var reader = await _reads.OpenAsync($"{Stream}/{Group}", _options.ReadBlock).ConfigureAwait(false);
        await using var _ = reader.ConfigureAwait(false);
        var maintenance = MaintainAsync(stoppingToken);
        try
        {
            await ReadAsync(reader, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await maintenance.ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
        }
    }

    IDatabase Database => _redis.GetDatabase();

    /// <summary>The wait after a read that failed because Redis did not answer; a read that succeeds starts again from it.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    async Task ReadAsync(BlockingStreamReader reader, CancellationToken stoppingToken)
    {
        var whileRedisIsDown = RedisOutageRetry.Create(_time, FirstRetryDelay,
            (exception, delay) => ConsumerLog.RedisTrouble(_logger, exception, Stream, Group, (long)delay.TotalMilliseconds));
        var groupReady = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                groupReady = await whileRedisIsDown.ExecuteAsync(
                    async cancellationToken => await ReadOnceAsync(reader, groupReady, cancellationToken).ConfigureAwait(false),
                    stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>One blocking read and the dispatch of what it returned; false when the group has to be created again.</summary>
    async Task<bool> ReadOnceAsync(BlockingStreamReader reader, bool groupReady, CancellationToken cancellationToken)
    {
        try
        {
            if (!groupReady)
            {
                await EnsureGroupAsync(cancellationToken).ConfigureAwait(false);
            }
            // Slots are not held during the blocking read, so reclaims can run meanwhile.
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var free = _slots.CurrentCount + 1;
            _slots.Release();
            var entries = await reader.ReadGroupAsync(Stream, Group, _consumer, free, _options.ReadBlock, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                // Immediate unless a reclaim took the slot; the entry is ours either way and is never dropped.
                await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                Dispatch(entry, deliveries: 1);
            }
            return true;
        }
        catch (Exception exception) when (RedisFailure.IsNoGroup(exception))
        {
            // The stream or the group was deleted (FLUSHALL, a restart without persistence): create it again.
            return false;
        }
    }

    async Task EnsureGroupAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (await Database.StreamCreateConsumerGroupAsync(Stream, Group, _options.NewGroupReadsHistory ? "0" : "$", createStream: true).ConfigureAwait(false))
            {
                ConsumerLog.GroupCreated(_logger, Stream, Group);
            }
        }
        catch (Exception exception) when (RedisFailure.IsBusyGroup(exception))
        {
            // Another consumer (or an earlier run) created it: exactly what is wanted.
        }
    }

    int TakeFreeSlots(int most)
    {
        var taken = 0;
        while (taken < most && _slots.Wait(0))
        {
            taken++;
        }
        return taken;
    }

    /// <summary>Starts handling an entry; the caller hands over one concurrency slot, released when the work ends.</summary>
    void Dispatch(StreamEntry entry, long deliveries)
    {
        var id = entry.Id.ToString();
        if (!_running.TryAdd(id, Task.CompletedTask))
        {
            // Already being handled here (a reclaim met our own in-flight entry).
            _slots.Release();
            return;
        }
        var (key, work) = Prepare(entry, deliveries);
        var task = key is null ? Task.Run(() => RunAsync(id, work)) : _ordering.Run(key, () => RunAsync(id, work));
        _running.TryUpdate(id, task, Task.CompletedTask);
    }

    (string? Key, Func<Task> Work) Prepare(StreamEntry entry, long deliveries)
    {
        if (!EnvelopeCodec.TryRead(entry, out var envelope, out var problem))
        {
            return (null, () => DeadLetterAsync(entry, deliveries, "unknown", new MalformedEntryException(problem)));
        }
        if (!_registration.Handlers.TryGetValue(envelope.Type, out var handler))
        {
            // Acknowledging it would lose it silently; dead-lettered, it waits with its reason for a fix and a replay.
            var unknown = new UnknownEventTypeException(
                $"Entry {entry.Id} has type '{envelope.Type}' (version {envelope.Version}), which group {Group} of {Stream} has no handler for; it handles {string.Join(", ", _registration.Handlers.Keys.Order(StringComparer.Ordinal).Select(t => $"'{t}'"))}.");
            return (null, () => DeadLetterAsync(entry, deliveries, envelope.Type, unknown));
        }
        object @event;
        try
        {
            @event = handler.Deserialize(envelope);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            var malformed = new MalformedEntryException($"The payload of entry {entry.Id} is not a valid {envelope.Type}: {exception.Message}", exception);
            return (null, () => DeadLetterAsync(entry, deliveries, envelope.Type, malformed));
        }
        string? key;
        try
        {
            key = handler.OrderKey(@event);
        }
        catch (Exception exception)
        {
            return (null, () => FailAsync(entry, envelope, deliveries, exception, null, TimeSpan.Zero));
        }
        return (key, () => HandleAsync(entry, envelope, handler, @event, deliveries));
    }

    async Task RunAsync(string entryId, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisFailure.Is(exception))
        {
            ConsumerLog.SettleFailed(_logger, exception, Stream, Group, entryId);
        }
        finally
        {
            _running.TryRemove(entryId, out _);
            _slots.Release();
        }
    }

    async Task HandleAsync(StreamEntry entry, EventEnvelope envelope, IHandlerBinding handler, object @event, long deliveries)
    {
        if (_handlerStop.IsCancellationRequested)
        {
            return;
        }
        if (deliveries > _options.MaxDeliveries)
        {
            var exceeded = new MaxDeliveriesExceededException($"Delivered {deliveries} times (at most {_options.MaxDeliveries}) without a handler finishing.");
            await DeadLetterAsync(entry, deliveries, envelope.Type, exceeded).ConfigureAwait(false);
            return;
        }
        using var activity = StreamsTelemetry.StartProcess(Stream, Group, envelope.TraceParent, envelope.TraceState);
        activity?.SetTag("messaging.message.id", envelope.Id);
        activity?.SetTag("messaging.redis.entry_id", entry.Id.ToString());
        activity?.SetTag("messaging.message.delivery_count", deliveries);
        var started = _time.GetTimestamp();
        try
        {
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var context = new EventContext(envelope, Stream, Group, entry.Id.ToString(), deliveries);
                await handler.HandleAsync(scope.ServiceProvider, @event, context, _handlerStop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_handlerStop.IsCancellationRequested)
        {
            // Shutdown cut the handler short: the entry stays pending for another consumer.
            return;
        }
        catch (Exception exception)
        {
            await FailAsync(entry, envelope, deliveries, exception, activity, _time.GetElapsedTime(started)).ConfigureAwait(false);
            return;
        }
        await Database.StreamAcknowledgeAsync(Stream, Group, entry.Id).ConfigureAwait(false);
        _metrics.Handled(Stream, Group, envelope.Type, _time.GetElapsedTime(started));
    }

    async Task FailAsync(StreamEntry entry, EventEnvelope envelope, long deliveries, Exception exception, System.Diagnostics.Activity? activity, TimeSpan duration)
    {
        _metrics.Failed(Stream, Group, envelope.Type, duration);
        StreamsTelemetry.Fail(activity, exception);
        ConsumerLog.HandlerFailed(_logger, exception, Stream, Group, entry.Id.ToString(), envelope.Type, deliveries, _options.MaxDeliveries);
        // Otherwise the entry stays pending; after the visibility timeout a reclaim delivers it again.
        if (deliveries >= _options.MaxDeliveries)
        {
            await DeadLetterAsync(entry, deliveries, envelope.Type, exception).ConfigureAwait(false);
        }
    }

    async Task DeadLetterAsync(StreamEntry entry, long deliveries, string eventType, Exception reason)
    {
        await _deadLetters.WriteAsync(Stream, Group, _consumer, entry, deliveries, reason).ConfigureAwait(false);
        _metrics.DeadLettered(Stream, Group, eventType);
        ConsumerLog.DeadLettered(_logger, Stream, Group, entry.Id.ToString(), reason.Message);
    }

    async Task MaintainAsync(CancellationToken stoppingToken)
    {
        while (await DelayAsync(_options.ReclaimInterval, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await KeepClaimedAsync(stoppingToken).ConfigureAwait(false);
                await ReclaimAsync(stoppingToken).ConfigureAwait(false);
                await RefreshGaugesAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (RedisFailure.Is(exception))
            {
                ConsumerLog.RedisTrouble(_logger, exception, Stream, Group, (long)_options.ReclaimInterval.TotalMilliseconds);
            }
        }
    }

    /// <summary>Resets the idle time of entries still being handled, so a slow handler is not mistaken for a dead consumer.</summary>
    async Task KeepClaimedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = _running.Keys.Select(id => (RedisValue)id).ToArray();
        if (ids.Length > 0)
        {
            await Database.StreamClaimIdsOnlyAsync(Stream, Group, _consumer, 0, ids).ConfigureAwait(false);
        }
    }

    async Task ReclaimAsync(CancellationToken cancellationToken)
    {
        RedisValue start = "0-0";
        var reclaimed = 0;
        do
        {
            var taken = TakeFreeSlots(_options.MaxConcurrency);
            if (taken == 0)
            {
                break;
            }
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await Database.StreamAutoClaimAsync(Stream, Group, _consumer, (long)_options.VisibilityTimeout.TotalMilliseconds, start, taken).ConfigureAwait(false);
                start = result.NextStartId;
                var claimed = result.ClaimedEntries ?? [];
                if (claimed.Length == 0)
                {
                    continue;
                }
                var deliveries = await DeliveryCountsAsync(claimed).ConfigureAwait(false);
                foreach (var entry in claimed)
                {
                    taken--;
                    reclaimed++;
                    Dispatch(entry, deliveries.GetValueOrDefault(entry.Id.ToString(), 1));
                }
            }
            finally
            {
                if (taken > 0)
                {
                    _slots.Release(taken);
                }
            }
        }
        while (start != "0-0" && !start.IsNull);
        if (reclaimed > 0)
        {
            ConsumerLog.Reclaimed(_logger, Stream, Group, reclaimed);
        }
    }

    async Task<Dictionary<string, long>> DeliveryCountsAsync(StreamEntry[] claimed)
    {
        var rows = await Database.StreamPendingMessagesAsync(Stream, Group, claimed.Length + _running.Count + 16, _consumer, claimed[0].Id, claimed[^1].Id).ConfigureAwait(false);
        return rows.ToDictionary(row => row.MessageId.ToString(), row => (long)row.DeliveryCount, StringComparer.Ordinal);
    }

    async Task RefreshGaugesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var groups = await Database.StreamGroupInfoAsync(Stream).ConfigureAwait(false);
        foreach (var state in groups.Where(group => group.Name == Group))
        {
            _metrics.GroupState(Stream, Group, state.Lag ?? 0, state.PendingMessageCount);
        }
    }

    /// <summary>Lets in-flight handlers finish within the shutdown timeout, then cancels them; unfinished entries stay pending.</summary>
    async Task DrainAsync()
    {
        var running = Task.WhenAll(_running.Values.ToArray());
        if (await Task.WhenAny(running, Task.Delay(_options.ShutdownTimeout, _time)).ConfigureAwait(false) == running)
        {
            return;
        }
        await _handlerStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
        ConsumerLog.StoppedWithUnfinished(_logger, Stream, Group, _running.Count);
    }

    async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
