namespace Agent.Ai.Generation;

/// <summary>
/// Which earlier messages fit the token budget: the most recent ones whose estimated tokens,
/// with the current message's, stay within it. The current message is always sent.
/// </summary>
public static class HistoryWindow
{
    /// <summary>Per-message overhead of the chat format (role, separators), roughly.</summary>
    const int MessageOverheadTokens = 4;

    /// <summary>About four characters a token for the languages customers write in; no tokenizer needed.</summary>
    public static int EstimateTokens(string text) => (text.Length + 3) / 4 + MessageOverheadTokens;

    /// <summary>The kept messages, oldest first.</summary>
    public static IReadOnlyList<HistoryMessage> Select(IReadOnlyList<HistoryMessage> history, string currentMessage, int tokenBudget)
    {
        var remaining = tokenBudget - EstimateTokens(currentMessage);
        var start = history.Count;
        while (start > 0)
        {
            var cost = EstimateTokens(history[start - 1].Text);
            if (cost > remaining)
            {
                break;
            }
            remaining -= cost;
            start--;
        }
        return history.Skip(start).ToList();
    }
}
