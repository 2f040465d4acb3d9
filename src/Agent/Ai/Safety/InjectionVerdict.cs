namespace Agent.Ai.Safety;

/// <summary>
/// The prompt-injection scan of one customer message: flagged or not, why (short codes such
/// as "ignore-instructions" or "encoded-payload", safe to record), and for a flagged message
/// the reply to send instead of generating one.
/// </summary>
public sealed record InjectionVerdict(bool IsFlagged, IReadOnlyList<string> Reasons, string? SafeReply)
{
    public static InjectionVerdict Clean { get; } = new(false, [], null);
}
