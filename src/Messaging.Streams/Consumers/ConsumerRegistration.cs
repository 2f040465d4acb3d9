namespace Messaging.Streams.Consumers;

/// <summary>A consumer group on a stream and the event types it handles.</summary>
internal sealed class ConsumerRegistration(string stream, string group)
{
    public string Stream { get; } = stream;

    public string Group { get; } = group;

    public Dictionary<string, IHandlerBinding> Handlers { get; } = new(StringComparer.Ordinal);
}
