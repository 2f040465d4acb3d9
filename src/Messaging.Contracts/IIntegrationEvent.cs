namespace Messaging.Contracts;

/// <summary>
/// An event that travels on a stream, marked with <see cref="EventTypeAttribute"/>: the
/// envelope's type and schema version come from there, never from the record's CLR name.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The workspace the event belongs to, copied into the envelope for routing and logs.</summary>
    string? WorkspaceId { get; }
}

/// <summary>
/// The wire identity of an event record: the type name every producer writes and every consumer
/// dispatches on, and its schema version (bump it when a change is not backward compatible).
/// Explicit so that renaming or moving the record never changes what is on a stream.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version = 1) : Attribute
{
    public string Name { get; } = name;

    public int Version { get; } = version;
}
