using Messaging.Contracts.Events;
using Npgsql;

namespace Agent.Turns;

/// <summary>What a turn decided: a reply to deliver, or why there is none.</summary>
public sealed record TurnDecision(string? ReplyText, TurnOutcome Outcome, string? Reason, bool UsedAi, bool CreditReserved)
{
    /// <summary>Timeline steps of a reply not written yet: they go in the round trip that queues the reply.</summary>
    public IReadOnlyList<NpgsqlBatchCommand> Steps { get; init; } = [];

    public static TurnDecision Reply(string text, bool usedAi = false, bool creditReserved = false) =>
        new(text, TurnOutcome.Replied, null, usedAi, creditReserved);

    public static TurnDecision NoReply(string reason, bool usedAi = false, bool creditReserved = false) =>
        new(null, TurnOutcome.NoReply, reason, usedAi, creditReserved);

    public static TurnDecision Failed(string reason, bool usedAi, bool creditReserved) =>
        new(null, TurnOutcome.Failed, reason, usedAi, creditReserved);
}
