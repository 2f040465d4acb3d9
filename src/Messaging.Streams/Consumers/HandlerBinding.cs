using Messaging.Contracts;
using Messaging.Streams.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Streams.Consumers;

/// <summary>One event type of a consumer group: how to read it, order it and handle it.</summary>
internal interface IHandlerBinding
{
    string EventType { get; }

    object Deserialize(EventEnvelope envelope);

    string? OrderKey(object @event);

    Task HandleAsync(IServiceProvider services, object @event, EventContext context, CancellationToken cancellationToken);

    void Configure(ConsumerOptions shared);
}

internal sealed class HandlerBinding<TEvent, THandler>(Action<ConsumerOptions<TEvent>>? configure) : IHandlerBinding
    where TEvent : IIntegrationEvent
    where THandler : class, IEventHandler<TEvent>
{
    Func<TEvent, string?>? _orderBy;

    public string EventType => EventSerializer.TypeName<TEvent>();

    public object Deserialize(EventEnvelope envelope) => EventSerializer.Deserialize<TEvent>(envelope.Payload);

    public string? OrderKey(object @event) => _orderBy?.Invoke((TEvent)@event);

    public Task HandleAsync(IServiceProvider services, object @event, EventContext context, CancellationToken cancellationToken) =>
        services.GetRequiredService<THandler>().HandleAsync((TEvent)@event, context, cancellationToken);

    /// <summary>Applies this registration's settings on top of the group's, and keeps its ordering key.</summary>
    public void Configure(ConsumerOptions shared)
    {
        var typed = new ConsumerOptions<TEvent>();
        shared.CopyTo(typed);
        configure?.Invoke(typed);
        typed.CopyTo(shared);
        _orderBy = typed.OrderBy;
    }
}
