using System.Diagnostics;
using Messaging.Contracts;
using Messaging.Streams.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Messaging.Streams.Bus;

internal sealed class EventPublisher(IConnectionMultiplexer redis, IOptionsMonitor<StreamsOptions> options, StreamsMetrics metrics, TimeProvider time) : IEventPublisher
{
    // The key is checked and set in the same script as the XADD, so nothing runs in between, and
    // an XADD that fails leaves no key. unpack(ARGV, 2) hands the XADD arguments over as they are.
    // StackExchange.Redis runs it by EVALSHA, loading it again after a restart (NOSCRIPT).
    const string AppendOnce = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return false end
        local id = redis.call('XADD', KEYS[1], unpack(ARGV, 2))
        redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
        return id
        """;

    public async Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent =>
        (await PublishCoreAsync(stream, @event, null, default, cancellationToken).ConfigureAwait(false))!;

    public Task<string?> PublishOnceAsync<TEvent>(string stream, TEvent @event, string deduplicationKey, TimeSpan window, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deduplicationKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(1));
        return PublishCoreAsync(stream, @event, deduplicationKey, window, cancellationToken);
    }

    async Task<string?> PublishCoreAsync<TEvent>(string stream, TEvent @event, string? deduplicationKey, TimeSpan window, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentNullException.ThrowIfNull(@event);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StreamsTelemetry.StartPublish(stream);
        // Without a listener there is no producer span; the caller's trace still travels.
        var context = activity ?? Activity.Current;
        var now = time.GetUtcNow();
        var envelope = new EventEnvelope(
            Guid.CreateVersion7(now).ToString("N"),
            EventSerializer.TypeName<TEvent>(),
            EventSerializer.Version<TEvent>(),
            @event.WorkspaceId,
            now,
            context?.Id,
            context?.TraceStateString,
            EventSerializer.Serialize(@event));
        activity?.SetTag("messaging.message.id", envelope.Id);
        try
        {
            var trim = options.CurrentValue.TrimFor(stream);
            var fields = EnvelopeCodec.ToFields(envelope);
            var database = redis.GetDatabase();
            // StackExchange.Redis takes no cancellation token: a command once queued runs, so the
            // token is honoured before it is sent and the wait for its reply is not cut short.
            var id = deduplicationKey is null
                ? (string?)await database.StreamAddAsync(stream, fields, trim.ToAddOptions(now)).ConfigureAwait(false)
                : await AppendOnceAsync(database, stream, fields, trim.ToArguments(now), deduplicationKey, window).ConfigureAwait(false);
            if (id is null)
            {
                activity?.SetTag("messaging.duplicate", true);
                return null;
            }
            metrics.Published(stream, envelope.Type);
            activity?.SetTag("messaging.redis.entry_id", id);
            return id;
        }
        catch (Exception exception)
        {
            StreamsTelemetry.Fail(activity, exception);
            throw;
        }
    }

    static async Task<string?> AppendOnceAsync(IDatabase database, string stream, NameValueEntry[] fields, IEnumerable<RedisValue> trim, string deduplicationKey, TimeSpan window)
    {
        var arguments = new List<RedisValue>(8 + (fields.Length * 2)) { (long)Math.Ceiling(window.TotalMilliseconds) };
        arguments.AddRange(trim);
        arguments.Add("*");
        foreach (var field in fields)
        {
            arguments.Add(field.Name);
            arguments.Add(field.Value);
        }
        var reply = await database.ScriptEvaluateAsync(AppendOnce, [stream, DeduplicationKeys.For(stream, deduplicationKey)], [.. arguments]).ConfigureAwait(false);
        // Lua false arrives as a null (RESP2) or a boolean false (RESP3).
        return reply.IsNull || reply.Resp3Type == ResultType.Boolean ? null : (string?)reply;
    }
}
