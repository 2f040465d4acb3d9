namespace Messaging.Streams.DeadLetters;

/// <summary>The dead-letter streams (<c>{stream}:dead</c>): list, replay, discard.</summary>
public interface IDeadLetters
{
    /// <summary>Dead letters of <paramref name="stream"/> (the original stream's name), oldest first, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string stream, int count = 100, string? afterId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically appends the original entry (same envelope and event id) to
    /// <paramref name="stream"/> again and removes the dead letter. Every group of the stream
    /// sees it again; they are idempotent on the event id. Returns the new entry id, or null
    /// when there is no such dead letter.
    /// </summary>
    Task<string?> ReplayAsync(string stream, string deadEntryId, CancellationToken cancellationToken = default);

    /// <summary>Discards a dead letter; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string stream, string deadEntryId, CancellationToken cancellationToken = default);
}
