using Messaging.Contracts;
using Messaging.Streams.Bus;
using Messaging.Streams.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Messaging.Streams;

/// <summary>Adds consumers to the bus registered by <c>AddStreamsBus</c>.</summary>
public sealed class StreamsBusBuilder
{
    readonly Dictionary<(string Stream, string Group), ConsumerRegistration> _consumers = [];

    internal StreamsBusBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>
    /// Handles <typeparamref name="TEvent"/> entries of <paramref name="stream"/> in consumer
    /// group <paramref name="group"/> with <typeparamref name="THandler"/> (scoped). One hosted
    /// consumer runs per (stream, group) and dispatches by event type; entries of types the
    /// group has no handler for are acknowledged and skipped. Settings start from
    /// "Streams:Consumer" and <paramref name="configure"/> adjusts them.
    /// </summary>
    public StreamsBusBuilder AddConsumer<TEvent, THandler>(string stream, string group, Action<ConsumerOptions<TEvent>>? configure = null)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        if (!_consumers.TryGetValue((stream, group), out var registration))
        {
            registration = new ConsumerRegistration(stream, group);
            _consumers[(stream, group)] = registration;
            Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<StreamConsumer>(services, registration));
        }
        var type = EventSerializer.TypeName<TEvent>();
        if (!registration.Handlers.TryAdd(type, new HandlerBinding<TEvent, THandler>(configure)))
        {
            throw new InvalidOperationException($"Group {group} on {stream} already has a handler for {type}.");
        }
        Services.TryAddScoped<THandler>();
        return this;
    }
}
