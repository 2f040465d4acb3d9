using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>
/// Payload JSON (web casing, enums as names) and the envelope's type and version of an event
/// record, from its <see cref="EventTypeAttribute"/>.
/// </summary>
public static class EventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string TypeName<TEvent>() => (EventTypeOf<TEvent>.Attribute ?? throw Unnamed(typeof(TEvent))).Name;

    /// <summary>The wire type name of an event record known only at run time.</summary>
    public static string TypeName(Type eventType) => AttributeOf(eventType).Name;

    public static int Version<TEvent>() => (EventTypeOf<TEvent>.Attribute ?? throw Unnamed(typeof(TEvent))).Version;

    public static byte[] Serialize<TEvent>(TEvent @event) => JsonSerializer.SerializeToUtf8Bytes(@event, Options);

    public static TEvent Deserialize<TEvent>(ReadOnlyMemory<byte> payload) =>
        JsonSerializer.Deserialize<TEvent>(payload.Span, Options) ?? throw new JsonException($"The payload of a {TypeName<TEvent>()} is null.");

    static EventTypeAttribute AttributeOf(Type eventType) => Named(eventType) ?? throw Unnamed(eventType);

    static EventTypeAttribute? Named(Type eventType) =>
        eventType.GetCustomAttribute<EventTypeAttribute>() is { Name.Length: > 0 } attribute ? attribute : null;

    static InvalidOperationException Unnamed(Type eventType) => new(
        $"{eventType.FullName} has no [EventType(\"...\")]: an event's wire type name must be explicit, so renaming the record never changes the streams.");

    static class EventTypeOf<TEvent>
    {
        public static readonly EventTypeAttribute? Attribute = Named(typeof(TEvent));
    }
}
