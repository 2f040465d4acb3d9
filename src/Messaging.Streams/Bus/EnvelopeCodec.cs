using System.Globalization;
using Messaging.Contracts;
using Messaging.Streams.Commands;

namespace Messaging.Streams.Bus;

/// <summary>Envelope to stream fields and back.</summary>
internal static class EnvelopeCodec
{
    public static IReadOnlyList<StreamField> ToFields(EventEnvelope envelope)
    {
        var fields = new List<StreamField>(8)
        {
            StreamField.Of(EnvelopeFields.Id, envelope.Id),
            StreamField.Of(EnvelopeFields.Type, envelope.Type),
            StreamField.Of(EnvelopeFields.Version, envelope.Version.ToString(CultureInfo.InvariantCulture)),
            StreamField.Of(EnvelopeFields.OccurredAt, envelope.OccurredAt.ToString("O", CultureInfo.InvariantCulture)),
        };
        if (envelope.WorkspaceId is not null)
        {
            fields.Add(StreamField.Of(EnvelopeFields.Workspace, envelope.WorkspaceId));
        }
        if (envelope.TraceParent is not null)
        {
            fields.Add(StreamField.Of(EnvelopeFields.TraceParent, envelope.TraceParent));
        }
        if (envelope.TraceState is not null)
        {
            fields.Add(StreamField.Of(EnvelopeFields.TraceState, envelope.TraceState));
        }
        fields.Add(new StreamField(EnvelopeFields.Payload, envelope.Payload));
        return fields;
    }

    /// <summary>Reads the envelope of an entry; <paramref name="problem"/> says what is wrong when it cannot.</summary>
    public static bool TryRead(StreamEntry entry, out EventEnvelope envelope, out string problem)
    {
        envelope = null!;
        var id = entry.GetString(EnvelopeFields.Id);
        var type = entry.GetString(EnvelopeFields.Type);
        var payload = entry.GetBytes(EnvelopeFields.Payload);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type) || payload is null)
        {
            problem = $"Entry {entry.Id} is not an event envelope: it needs the fields '{EnvelopeFields.Id}', '{EnvelopeFields.Type}' and '{EnvelopeFields.Payload}'.";
            return false;
        }
        if (!int.TryParse(entry.GetString(EnvelopeFields.Version) ?? "1", NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            problem = $"Entry {entry.Id} has an invalid '{EnvelopeFields.Version}'.";
            return false;
        }
        if (!DateTimeOffset.TryParse(entry.GetString(EnvelopeFields.OccurredAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var occurredAt))
        {
            problem = $"Entry {entry.Id} has an invalid '{EnvelopeFields.OccurredAt}'.";
            return false;
        }
        envelope = new EventEnvelope(
            id,
            type,
            version,
            entry.GetString(EnvelopeFields.Workspace),
            occurredAt,
            entry.GetString(EnvelopeFields.TraceParent),
            entry.GetString(EnvelopeFields.TraceState),
            payload.Value);
        problem = "";
        return true;
    }
}
