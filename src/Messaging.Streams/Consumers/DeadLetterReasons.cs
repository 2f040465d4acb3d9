namespace Messaging.Streams.Consumers;

/// <summary>The entry cannot be read as an event (missing fields, bad JSON); retrying cannot help.</summary>
public sealed class MalformedEntryException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The entry was delivered more times than allowed without a handler finishing (crashes, timeouts).</summary>
public sealed class MaxDeliveriesExceededException(string message) : Exception(message);

/// <summary>The entry's envelope names an event type the group has no handler for (a new producer, a typo, a renamed type).</summary>
public sealed class UnknownEventTypeException(string message) : Exception(message);
