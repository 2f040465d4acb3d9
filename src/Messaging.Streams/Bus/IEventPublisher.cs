using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>Publishes events to streams, wrapped in the envelope (event id, type, version, workspace, occurred-at, traceparent, payload).</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Appends the event to <paramref name="stream"/> (trimmed by the stream's policy) and
    /// returns the entry id. When this returns, Redis has accepted the entry.
    /// </summary>
    Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;

    /// <summary>
    /// Appends the event unless <paramref name="deduplicationKey"/> was used within
    /// <paramref name="window"/>, in one atomic step on Redis: publishers on several replicas
    /// never both append it, and an append that fails leaves no key behind, so a retry is not
    /// mistaken for a duplicate. Returns the entry id, or null for a duplicate.
    /// </summary>
    Task<string?> PublishOnceAsync<TEvent>(string stream, TEvent @event, string deduplicationKey, TimeSpan window, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;
}
