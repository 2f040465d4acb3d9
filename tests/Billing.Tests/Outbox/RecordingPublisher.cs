using Messaging.Contracts;
using Messaging.Streams.Bus;

namespace Billing.Tests.Outbox;

/// <summary>An event bus that records what it is given, and refuses while told to.</summary>
sealed class RecordingPublisher : IEventPublisher
{
    readonly Lock _gate = new();
    readonly List<(string Stream, IIntegrationEvent Event, string Key)> _published = [];
    int _failuresLeft;

    public int FailuresLeft
    {
        get { lock (_gate) { return _failuresLeft; } }
        set { lock (_gate) { _failuresLeft = value; } }
    }

    public IReadOnlyList<(string Stream, IIntegrationEvent Event, string Key)> Published
    {
        get
        {
            lock (_gate)
            {
                return [.. _published];
            }
        }
    }

    public Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent =>
        throw new InvalidOperationException("The outbox relay publishes once per event id.");

    public Task<string?> PublishOnceAsync<TEvent>(string stream, TEvent @event, string deduplicationKey, TimeSpan window, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        lock (_gate)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                throw new InvalidOperationException("redis down");
            }
            _published.Add((stream, @event, deduplicationKey));
        }
        return Task.FromResult<string?>("0-1");
    }
}
