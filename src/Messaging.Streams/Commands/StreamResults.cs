namespace Messaging.Streams.Commands;

/// <summary>XAUTOCLAIM: the claimed entries, the cursor to continue from ("0-0" when done) and ids whose data was deleted.</summary>
public sealed record StreamAutoClaimResult(string NextStartId, IReadOnlyList<StreamEntry> Entries, IReadOnlyList<string> DeletedIds);

/// <summary>XPENDING summary form.</summary>
public sealed record StreamPendingSummary(long Count, string? LowestId, string? HighestId, IReadOnlyDictionary<string, long> PerConsumer);

/// <summary>One row of the XPENDING extended form.</summary>
public sealed record StreamPendingEntry(string Id, string Consumer, TimeSpan Idle, long DeliveryCount);

/// <summary>The parts of XINFO STREAM the product reads.</summary>
public sealed record StreamInfo(long Length, string LastGeneratedId, long EntriesAdded, long Groups, StreamEntry? FirstEntry, StreamEntry? LastEntry);

/// <summary>One group of XINFO GROUPS; <see cref="Lag"/> is null when Redis cannot tell (after deletions).</summary>
public sealed record StreamGroupInfo(string Name, long Consumers, long Pending, string LastDeliveredId, long? EntriesRead, long? Lag);
