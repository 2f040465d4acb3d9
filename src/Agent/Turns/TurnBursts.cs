using Agent.Conversations;

namespace Agent.Turns;

/// <summary>
/// The messages a turn answers: its own and those of the turns joined into it. A burst's earlier
/// turns are joined into its newest one before the decision runs, so a turn that runs again (a
/// dependency that did not answer, a crash, an operator's re-run) must find them through
/// <see cref="Turn.JoinedTurnId"/>: its own message alone would leave the others unanswered.
/// </summary>
public static class TurnBursts
{
    /// <summary>
    /// The <paramref name="heads"/> and the turns joined into them. A union of two indexed
    /// lookups (the heads, then turns_joined_turn_id), not a scan of the conversation's turns.
    /// </summary>
    public static IQueryable<Turn> WithJoined(this IQueryable<Turn> heads, IQueryable<Turn> turns) =>
        heads.Concat(turns.Where(t => t.JoinedTurnId != null && heads.Select(h => h.Id).Contains(t.JoinedTurnId)));

    /// <summary>The text the decision reads: one line per message of the burst, in the order given; a message without text adds no line.</summary>
    public static string Text(IEnumerable<string?> messages) =>
        string.Join('\n', messages.Where(message => !string.IsNullOrWhiteSpace(message)));
}
