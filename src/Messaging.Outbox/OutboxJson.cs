using System.Text.Json;
using System.Text.Json.Serialization;

namespace Messaging.Outbox;

/// <summary>How events are kept in the payload column between the writer and the relay.</summary>
public static class OutboxJson
{
    // Enums by name, so a payload stays readable in the table and survives reordered enum members.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
