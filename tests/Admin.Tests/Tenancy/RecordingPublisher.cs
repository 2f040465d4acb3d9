using System.Collections.Concurrent;
using Messaging.Contracts;
using Messaging.Streams.Bus;

namespace Admin.Tests.Tenancy;

/// <summary>An event bus that records what it is given.</summary>
sealed class RecordingPublisher : IEventPublisher
{
    public ConcurrentQueue<(string Stream, IIntegrationEvent Event)> Published { get; } = new();

    public Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        Published.Enqueue((stream, @event));
        return Task.FromResult("0-1");
    }

    public Task<string?> PublishOnceAsync<TEvent>(string stream, TEvent @event, string deduplicationKey, TimeSpan window, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        Published.Enqueue((stream, @event));
        return Task.FromResult<string?>("0-1");
    }
}
