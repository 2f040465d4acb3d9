using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>
/// Payload JSON (web casing, enums as names) and the envelope's type and version of an event
/// record: its name and its <see cref="EventVersionAttribute"/> (1 when absent).
/// </summary>
public static class EventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string TypeName<TEvent>() => EventTypeOf<TEvent>.Name;

    public static int Version<TEvent>() => EventTypeOf<TEvent>.Version;

    public static byte[] Serialize<TEvent>(TEvent @event) => JsonSerializer.SerializeToUtf8Bytes(@event, Options);

    public static TEvent Deserialize<TEvent>(ReadOnlyMemory<byte> payload) =>
        JsonSerializer.Deserialize<TEvent>(payload.Span, Options) ?? throw new JsonException($"The payload of a {typeof(TEvent).Name} is null.");

    static class EventTypeOf<TEvent>
    {
        public static readonly string Name = typeof(TEvent).Name;
        public static readonly int Version = typeof(TEvent).GetCustomAttribute<EventVersionAttribute>()?.Version ?? 1;
    }
}
