using System.Globalization;
using Messaging.Contracts;
using StackExchange.Redis;

namespace Messaging.Streams.Bus;

/// <summary>Envelope to stream fields and back.</summary>
internal static class EnvelopeCodec
{
    public static NameValueEntry[] ToFields(EventEnvelope envelope)
    {
        var fields = new List<NameValueEntry>(8)
        {
            new(EnvelopeFields.Id, envelope.Id),
            new(EnvelopeFields.Type, envelope.Type),
            new(EnvelopeFields.Version, envelope.Version.ToString(CultureInfo.InvariantCulture)),
            new(EnvelopeFields.OccurredAt, envelope.OccurredAt.ToString("O", CultureInfo.InvariantCulture)),
        };
        if (envelope.WorkspaceId is not null)
        {
            fields.Add(new(EnvelopeFields.Workspace, envelope.WorkspaceId));
        }
        if (envelope.TraceParent is not null)
        {
            fields.Add(new(EnvelopeFields.TraceParent, envelope.TraceParent));
        }
        if (envelope.TraceState is not null)
        {
            fields.Add(new(EnvelopeFields.TraceState, envelope.TraceState));
        }
        fields.Add(new(EnvelopeFields.Payload, envelope.Payload));
        return [.. fields];
    }

    /// <summary>Reads the envelope of an entry; <paramref name="problem"/> says what is wrong when it cannot.</summary>
    public static bool TryRead(StreamEntry entry, out EventEnvelope envelope, out string problem)
    {
        envelope = null!;
        var id = Text(entry, EnvelopeFields.Id);
        var type = Text(entry, EnvelopeFields.Type);
        var payload = entry[EnvelopeFields.Payload];
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type) || payload.IsNull)
        {
            problem = $"Entry {entry.Id} is not an event envelope: it needs the fields '{EnvelopeFields.Id}', '{EnvelopeFields.Type}' and '{EnvelopeFields.Payload}'.";
            return false;
        }
        if (!int.TryParse(Text(entry, EnvelopeFields.Version) ?? "1", NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            problem = $"Entry {entry.Id} has an invalid '{EnvelopeFields.Version}'.";
            return false;
        }
        if (!DateTimeOffset.TryParse(Text(entry, EnvelopeFields.OccurredAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var occurredAt))
        {
            problem = $"Entry {entry.Id} has an invalid '{EnvelopeFields.OccurredAt}'.";
            return false;
        }
        envelope = new EventEnvelope(
            id,
            type,
            version,
            Text(entry, EnvelopeFields.Workspace),
            occurredAt,
            Text(entry, EnvelopeFields.TraceParent),
            Text(entry, EnvelopeFields.TraceState),
            (byte[])payload!);
        problem = "";
        return true;
    }

    /// <summary>A field's value as text; null when the entry does not have it.</summary>
    public static string? Text(StreamEntry entry, string field)
    {
        var value = entry[field];
        return value.IsNull ? null : value.ToString();
    }
}
