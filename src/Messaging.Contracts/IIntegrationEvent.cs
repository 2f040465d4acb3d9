namespace Messaging.Contracts;

/// <summary>
/// An event that travels on a stream. The envelope's type is the record's name, its
/// version is <see cref="EventVersionAttribute"/> (1 when absent).
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The workspace the event belongs to, copied into the envelope for routing and logs.</summary>
    string? WorkspaceId { get; }
}

/// <summary>Schema version of an event record; bump it when a change is not backward compatible.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventVersionAttribute(int version) : Attribute
{
    public int Version { get; } = version;
}
