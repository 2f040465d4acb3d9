namespace Messaging.Channels.Tests.Sending;

/// <summary>An HttpClient factory whose every client ends in <paramref name="handler"/>; records the names asked for.</summary>
internal sealed class FixedHandlerFactory(HttpMessageHandler handler) : IHttpMessageHandlerFactory
{
    public List<string> Names { get; } = [];

    public HttpMessageHandler CreateHandler(string name)
    {
        Names.Add(name);
        return handler;
    }
}
