using Messaging.Contracts;

namespace Ingest.Acceptance;

/// <summary>An event a webhook produced, the stream it goes to and the key that makes it unique.</summary>
public sealed record AcceptedEvent(string Stream, string DeduplicationKey, IIntegrationEvent Event);

/// <summary>What became of a webhook's events.</summary>
public readonly record struct AcceptResult(int Appended, int Duplicates, int Spooled);

/// <summary>Neither Redis nor the local spool could take the events: the webhook must not be acknowledged.</summary>
public sealed class EventsNotDurableException(string message, Exception inner) : Exception(message, inner);
