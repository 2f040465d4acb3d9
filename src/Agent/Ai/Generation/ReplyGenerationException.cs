namespace Agent.Ai.Generation;

/// <summary>
/// No reply could be generated; the caller releases the reserved credit and records
/// <see cref="Reason"/> on the turn. Cancellation by the caller is not wrapped.
/// </summary>
public sealed class ReplyGenerationException(GenerationFailure reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public GenerationFailure Reason { get; } = reason;
}

public enum GenerationFailure
{
    /// <summary>The persona is missing or not approved: AI replies are off for the workspace.</summary>
    PersonaNotApproved,

    /// <summary>The provider answered with an error (bad key, unknown model, rate limit, 5xx).</summary>
    ProviderError,

    /// <summary>The provider could not be reached.</summary>
    ProviderUnavailable,

    /// <summary>A model call took longer than Ai:RequestTimeout.</summary>
    Timeout,

    /// <summary>The model answered with no text, even after its last tool round.</summary>
    EmptyReply,
}
