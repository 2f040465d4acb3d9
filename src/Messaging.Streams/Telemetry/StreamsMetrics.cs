using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Messaging.Streams.Telemetry;

/// <summary>
/// Counters of the bus, and the lag and pending gauges each consumer refreshes from
/// XINFO GROUPS. Tags: messaging.destination.name (stream), messaging.consumer.group.name, event type.
/// </summary>
public sealed class StreamsMetrics
{
    readonly Counter<long> _published;
    readonly Counter<long> _handled;
    readonly Counter<long> _failed;
    readonly Counter<long> _deadLettered;
    readonly Histogram<double> _handlerDuration;
    readonly ConcurrentDictionary<(string Stream, string Group), (long Lag, long Pending)> _groups = new();

    public StreamsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(StreamsTelemetry.Name);
        _published = meter.CreateCounter<long>("messaging.streams.published", "{event}", "Events appended to a stream.");
        _handled = meter.CreateCounter<long>("messaging.streams.handled", "{event}", "Entries handled and acknowledged.");
        _failed = meter.CreateCounter<long>("messaging.streams.failed", "{event}", "Handler failures (each failed delivery).");
        _deadLettered = meter.CreateCounter<long>("messaging.streams.dead_lettered", "{event}", "Entries moved to a dead-letter stream.");
        _handlerDuration = meter.CreateHistogram<double>("messaging.streams.handler.duration", "s", "Time a handler took for one entry.");
        meter.CreateObservableGauge("messaging.streams.lag", () => Observe(state => state.Lag), "{entry}", "Entries in the stream not yet delivered to the group.");
        meter.CreateObservableGauge("messaging.streams.pending", () => Observe(state => state.Pending), "{entry}", "Entries delivered to the group and not yet acknowledged.");
    }

    internal void Published(string stream, string type) => _published.Add(1, Tags(stream, null, type));

    internal void Handled(string stream, string group, string type, TimeSpan duration)
    {
        _handled.Add(1, Tags(stream, group, type));
        _handlerDuration.Record(duration.TotalSeconds, Tags(stream, group, type));
    }

    internal void Failed(string stream, string group, string type, TimeSpan duration)
    {
        _failed.Add(1, Tags(stream, group, type));
        _handlerDuration.Record(duration.TotalSeconds, Tags(stream, group, type));
    }

    internal void DeadLettered(string stream, string group, string type) => _deadLettered.Add(1, Tags(stream, group, type));

    internal void GroupState(string stream, string group, long lag, long pending) => _groups[(stream, group)] = (lag, pending);

    IEnumerable<Measurement<long>> Observe(Func<(long Lag, long Pending), long> value) =>
        _groups.Select(pair => new Measurement<long>(value(pair.Value), Tags(pair.Key.Stream, pair.Key.Group, null)));

    static TagList Tags(string stream, string? group, string? type)
    {
        var tags = new TagList { { "messaging.destination.name", stream } };
        if (group is not null)
        {
            tags.Add("messaging.consumer.group.name", group);
        }
        if (type is not null)
        {
            tags.Add("messaging.event.type", type);
        }
        return tags;
    }
}
