namespace Messaging.Contracts;

/// <summary>
/// What every stream entry carries: the event's identity and routing metadata, with the
/// event itself serialized as JSON in <see cref="Payload"/>.
/// </summary>
public sealed record EventEnvelope(
    string Id,
    string Type,
    int Version,
    string? WorkspaceId,
    DateTimeOffset OccurredAt,
    string? TraceParent,
    string? TraceState,
    ReadOnlyMemory<byte> Payload);
