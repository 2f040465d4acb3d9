using Microsoft.Extensions.Logging;

namespace Messaging.Streams.Consumers;

internal static partial class ConsumerLog
{
    [LoggerMessage(100, LogLevel.Information, "Consumer {Consumer} of group {Group} on {Stream} started (concurrency {MaxConcurrency}, visibility timeout {VisibilityTimeout})")]
    public static partial void Started(ILogger logger, string stream, string group, string consumer, int maxConcurrency, TimeSpan visibilityTimeout);

    [LoggerMessage(101, LogLevel.Warning, "Handler for {EventType} failed on {Stream}/{Group} entry {EntryId} (delivery {Delivery} of {MaxDeliveries})")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string stream, string group, string entryId, string eventType, long delivery, int maxDeliveries);

    [LoggerMessage(102, LogLevel.Error, "Entry {EntryId} of {Stream}/{Group} moved to the dead-letter stream: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string stream, string group, string entryId, string reason);

    [LoggerMessage(104, LogLevel.Warning, "Consumer of {Stream}/{Group} hit a Redis error; retrying in {DelayMs} ms")]
    public static partial void RedisTrouble(ILogger logger, Exception exception, string stream, string group, long delayMs);

    [LoggerMessage(105, LogLevel.Information, "Reclaimed {Count} idle entries of {Stream}/{Group}")]
    public static partial void Reclaimed(ILogger logger, string stream, string group, int count);

    [LoggerMessage(106, LogLevel.Warning, "Consumer of {Stream}/{Group} stopped with {Count} handlers unfinished; their entries stay pending for another consumer")]
    public static partial void StoppedWithUnfinished(ILogger logger, string stream, string group, int count);

    [LoggerMessage(107, LogLevel.Warning, "Could not acknowledge or dead-letter entry {EntryId} of {Stream}/{Group}; it stays pending and will be delivered again")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string stream, string group, string entryId);

    [LoggerMessage(108, LogLevel.Information, "Created consumer group {Group} on {Stream}")]
    public static partial void GroupCreated(ILogger logger, string stream, string group);
}
