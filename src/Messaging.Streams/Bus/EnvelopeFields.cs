namespace Messaging.Streams.Bus;

/// <summary>The names of the envelope's fields in a stream entry.</summary>
public static class EnvelopeFields
{
    public const string Id = "id";
    public const string Type = "type";
    public const string Version = "version";
    public const string Workspace = "workspace";
    public const string OccurredAt = "occurred-at";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string Payload = "payload";
}
