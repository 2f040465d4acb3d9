namespace Messaging.Outbox;

/// <summary>
/// A service's outbox: its name (the prefix of its deduplication keys and of its relay lock,
/// e.g. "billing") and the event types it carries.
/// </summary>
public sealed record OutboxRegistration(string Name, OutboxEvents Events);
