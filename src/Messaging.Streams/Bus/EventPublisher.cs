using System.Diagnostics;
using Messaging.Contracts;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Resp;
using Messaging.Streams.Telemetry;
using Microsoft.Extensions.Options;

namespace Messaging.Streams.Bus;

internal sealed class EventPublisher(IRedisClient redis, IOptionsMonitor<StreamsOptions> options, StreamsMetrics metrics, TimeProvider time) : IEventPublisher
{
    // The key is checked and set in the same script as the XADD, so nothing runs in between.
    // unpack(ARGV, 2) hands the XADD arguments over without copying them into a new table.
    static readonly RedisScript AppendOnce = new("""
        if redis.call('EXISTS', KEYS[2]) == 1 then return false end
        local id = redis.call('XADD', KEYS[1], unpack(ARGV, 2))
        redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
        return id
        """);

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
            var trim = options.CurrentValue.TrimFor(stream).ToTrim(now);
            var fields = EnvelopeCodec.ToFields(envelope);
            var id = deduplicationKey is null
                ? await redis.StreamAddAsync(stream, fields, trim, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await AppendOnceAsync(stream, fields, trim, deduplicationKey, window, cancellationToken).ConfigureAwait(false);
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

    async Task<string?> AppendOnceAsync(string stream, IReadOnlyList<StreamField> fields, StreamTrim? trim, string deduplicationKey, TimeSpan window, CancellationToken cancellationToken)
    {
        var arguments = new List<RespArgument>(8 + (fields.Count * 2)) { (long)Math.Ceiling(window.TotalMilliseconds) };
        if (trim is not null)
        {
            StreamCommands.AddTrim(arguments, trim);
        }
        arguments.Add("*");
        foreach (var field in fields)
        {
            arguments.Add(field.Name);
            arguments.Add(field.Value);
        }
        var reply = await AppendOnce.EvaluateAsync(redis, [stream, deduplicationKey], arguments, cancellationToken).ConfigureAwait(false);
        // Lua false arrives as a null (RESP2) or a boolean (RESP3).
        return reply.IsNull || reply.Type == RespType.Boolean ? null : reply.AsString();
    }
}
