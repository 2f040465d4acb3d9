using Messaging.Contracts;

namespace Messaging.Streams.DeadLetters;

/// <summary>
/// An entry that failed <see cref="Deliveries"/> times (or could not be read), with the last
/// error. <see cref="Envelope"/> is null when the entry was not a valid envelope.
/// </summary>
public sealed record DeadLetter(
    string DeadEntryId,
    string Stream,
    string EntryId,
    string Group,
    string Consumer,
    long Deliveries,
    string ErrorType,
    string ErrorMessage,
    string? ErrorStackTrace,
    DateTimeOffset FailedAt,
    EventEnvelope? Envelope);
