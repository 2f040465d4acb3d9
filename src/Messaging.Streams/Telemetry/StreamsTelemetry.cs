using System.Diagnostics;

namespace Messaging.Streams.Telemetry;

/// <summary>The ActivitySource and Meter name of the bus: "Messaging.Streams".</summary>
public static class StreamsTelemetry
{
    public const string Name = "Messaging.Streams";

    internal static ActivitySource Source { get; } = new(Name);

    internal static Activity? StartPublish(string stream) =>
        Tag(Source.StartActivity($"publish {stream}", ActivityKind.Producer), stream, "send");

    /// <summary>A consumer span whose parent is the producer's span carried in the entry.</summary>
    internal static Activity? StartProcess(string stream, string group, string? traceParent, string? traceState)
    {
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"process {stream}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.consumer.group.name", group);
        return Tag(activity, stream, "process");
    }

    internal static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }

    static Activity? Tag(Activity? activity, string stream, string operation)
    {
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", stream);
        activity?.SetTag("messaging.operation.type", operation);
        return activity;
    }
}
