using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>Publishes events to streams, wrapped in the envelope of DESIGN.md.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Appends the event to <paramref name="stream"/> (trimmed by the stream's policy) and
    /// returns the entry id. When this returns, Redis has accepted the entry.
    /// </summary>
    Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;
}
