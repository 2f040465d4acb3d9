namespace Messaging.Streams.DeadLetters;

/// <summary>
/// Fields the bus adds to a dead-letter entry next to the original entry's fields; all start
/// with "dead:" so a replay can drop them and restore the original entry.
/// </summary>
public static class DeadLetterFields
{
    public const string Prefix = "dead:";
    public const string Stream = "dead:stream";
    public const string EntryId = "dead:entry-id";
    public const string Group = "dead:group";
    public const string Consumer = "dead:consumer";
    public const string Deliveries = "dead:deliveries";
    public const string ErrorType = "dead:error-type";
    public const string ErrorMessage = "dead:error-message";
    public const string ErrorStackTrace = "dead:error-stack";
    public const string FailedAt = "dead:failed-at";
}
