using Messaging.Contracts;

namespace Messaging.Streams.Bus;

/// <summary>
/// Where <see cref="IEventPublisher.PublishOnceAsync"/> remembers a deduplication key: next to
/// its stream (<c>{stream}:once:key</c>), so the script that checks the key and appends touches
/// keys of one cluster slot only.
/// </summary>
public static class DeduplicationKeys
{
    public static string For(string stream, string deduplicationKey) => StreamNames.SameSlotPrefix(stream) + ":once:" + deduplicationKey;
}
