namespace Ingest.Spool;

/// <summary>
/// An accepted event waiting for Redis: where it goes, the key that keeps it from being
/// published twice, and the event itself.
/// </summary>
public sealed record SpoolRecord(string Stream, string DeduplicationKey, string EventType, string EventJson, DateTimeOffset AcceptedAt);
