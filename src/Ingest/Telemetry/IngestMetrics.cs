using System.Diagnostics.Metrics;

namespace Ingest.Telemetry;

/// <summary>What Ingest did with what it received, by provider.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "Messaging.Ingest";

    readonly Counter<long> _accepted;
    readonly Counter<long> _duplicates;
    readonly Counter<long> _spooled;
    readonly Counter<long> _unknownChannel;
    readonly Counter<long> _notAllowed;
    readonly Counter<long> _badSignature;
    readonly Counter<long> _malformed;
    readonly Counter<long> _rejected;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("messaging.ingest.events.accepted", description: "Events put on a stream");
        _duplicates = meter.CreateCounter<long>("messaging.ingest.events.duplicate", description: "Events dropped as already accepted");
        _spooled = meter.CreateCounter<long>("messaging.ingest.events.spooled", description: "Events written to the local spool while Redis was unavailable");
        _unknownChannel = meter.CreateCounter<long>("messaging.ingest.unknown_channel", description: "Webhook items for no known channel");
        _notAllowed = meter.CreateCounter<long>("messaging.ingest.not_allowed", description: "Messages from numbers outside the channel's allowlist");
        _badSignature = meter.CreateCounter<long>("messaging.ingest.bad_signature", description: "Webhooks refused for a wrong signature");
        _malformed = meter.CreateCounter<long>("messaging.ingest.malformed", description: "Webhooks refused as unreadable");
        _rejected = meter.CreateCounter<long>("messaging.ingest.rejected", description: "Messages and statuses of a webhook that could not be used, their siblings accepted");
    }

    public void Accepted(string provider, int count) => _accepted.Add(count, Tag(provider));
    public void Duplicates(string provider, int count) => _duplicates.Add(count, Tag(provider));
    public void Spooled(string provider, int count) => _spooled.Add(count, Tag(provider));
    public void UnknownChannel(string provider) => _unknownChannel.Add(1, Tag(provider));
    public void NotAllowed(string provider) => _notAllowed.Add(1, Tag(provider));
    public void BadSignature(string provider) => _badSignature.Add(1, Tag(provider));
    public void Malformed(string provider) => _malformed.Add(1, Tag(provider));
    public void Rejected(string provider) => _rejected.Add(1, Tag(provider));

    static KeyValuePair<string, object?> Tag(string provider) => new("provider", provider);
}
