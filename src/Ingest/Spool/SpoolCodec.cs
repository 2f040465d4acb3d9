using System.Text.Json;
using Ingest.Acceptance;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Ingest.Spool;

/// <summary>Between accepted events and spool records: the events Ingest produces, by wire type name.</summary>
public static class SpoolCodec
{
    static readonly Dictionary<string, Type> EventTypes = new[] { typeof(InboundMessageReceived), typeof(DeliveryStatusReported) }
        .ToDictionary(EventSerializer.TypeName, StringComparer.Ordinal);

    public static SpoolRecord ToRecord(AcceptedEvent accepted, DateTimeOffset now)
    {
        var type = accepted.Event.GetType();
        return new SpoolRecord(accepted.Stream, accepted.DeduplicationKey, EventSerializer.TypeName(type), JsonSerializer.Serialize(accepted.Event, type, JsonSerializerOptions.Web), now);
    }

    public static AcceptedEvent ToEvent(SpoolRecord record)
    {
        if (!EventTypes.TryGetValue(record.EventType, out var type))
        {
            throw new InvalidDataException($"The spool holds an event of unknown type '{record.EventType}'.");
        }
        var @event = (IIntegrationEvent)JsonSerializer.Deserialize(record.EventJson, type, JsonSerializerOptions.Web)!;
        return new AcceptedEvent(record.Stream, record.DeduplicationKey, @event);
    }
}
