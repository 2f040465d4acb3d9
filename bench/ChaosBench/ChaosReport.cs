using System.Globalization;
using System.Text;

namespace ChaosBench;

/// <summary>What the run found, for the terminal and for the RESULTS.md section of a full run.</summary>
public static class ChaosReport
{
    public const string Heading = "## ChaosBench: the same load while services, Redis and PostgreSQL are killed";

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Phases(IReadOnlyList<ReplyAudit> audits)
    {
        var text = new StringBuilder();
        text.AppendLine("| load | msg/s | messages | acknowledged | webhook retries | answered | unanswered | extra copies (in the send window / outside) | AI replies | reply p50 ms | p99 | max | quiet after load, s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var audit in audits)
        {
            var phase = audit.Phase;
            var ms = audit.ReplyMs.Order().ToList();
            string At(double q) => ms.Count == 0 ? "-" : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)].ToString("0", Invariant);
            text.AppendLine(Invariant, $"| {phase.Name} | {phase.Rate} | {phase.Sent.Count} | {audit.Acknowledged} | {phase.Retries} | {audit.ReplyMs.Count} | {audit.Unanswered.Count} | {audit.ExplainedDuplicates.Count} / {audit.UnexplainedDuplicates.Count} | {audit.AiAnswered} | {At(0.5)} | {At(0.99)} | {(ms.Count == 0 ? "-" : ms[^1].ToString("0", Invariant))} | {phase.QuietAfterSeconds:0.0} |");
        }
        return text.ToString();
    }

    public static string Faults(IReadOnlyList<FaultRecord> faults)
    {
        var text = new StringBuilder();
        text.AppendLine("| killed (SIGKILL) | at, s into the load | healthy again after, s |");
        text.AppendLine("|---|---:|---:|");
        foreach (var fault in faults)
        {
            text.AppendLine(Invariant, $"| {fault.Fault.Name} | {fault.SecondsIntoLoad:0.0} | {(fault.BackAt - fault.At).TotalSeconds:0.0} |");
        }
        return text.ToString();
    }

    public static string Checks(IReadOnlyList<ReplyAudit> audits, IReadOnlyList<StreamAudit.Backlog> backlog, long scheduledTurns, IReadOnlyList<StreamAudit.DeadLetter> deadLetters, CreditAudit.Figures credits, IReadOnlyList<string> problems)
    {
        var text = new StringBuilder();
        foreach (var duplicate in audits.SelectMany(a => a.ExplainedDuplicates.Select(d => $"{a.Phase.Name}: {d}")))
        {
            text.AppendLine("- extra copy in the send window: " + duplicate);
        }
        text.AppendLine(backlog.Count == 0
            ? "- Pending: no entry pending or unread in any consumer group of any stream (XINFO GROUPS, XPENDING)" + (scheduledTurns == 0 ? ", no turn scheduled." : $"; {scheduledTurns} turn(s) still scheduled.")
            : "- Pending: " + string.Join("; ", backlog.Select(b => $"{b.Stream} group {b.Group}: {b.Pending} pending{(b.Unread ? ", entries unread" : "")} {string.Join(", ", b.Entries)}")));
        text.AppendLine(deadLetters.Count == 0
            ? "- Dead letters: none."
            : "- Dead letters: " + string.Join("; ", deadLetters.Select(d => $"{d.Stream} {d.Id} (group {d.Group}, {d.Deliveries} deliveries): {d.ErrorType}: {d.ErrorMessage}")));
        text.AppendLine(Invariant, $"- Credits: granted {credits.Granted}, reserved {credits.Reserves} times, committed {credits.Commits} ({credits.CommittedCredits} credits), released {credits.Releases}, expired {credits.Expires}; available {credits.Available} (ledger sum {credits.LedgerAvailable}), reserved now {credits.Reserved} (ledger sum {credits.LedgerReserved}); customers answered by the AI: {audits.Sum(a => a.AiAnswered)}.");
        text.AppendLine(problems.Count == 0 ? "- Verdict: nothing lost, nothing doubled outside the send window, nothing stuck, the ledger balances." : "- Verdict: FAILED: " + string.Join("; ", problems));
        return text.ToString();
    }

    public static string Section(string command, string loadBefore, string loadAfter, double slotSeconds, IReadOnlyList<ReplyAudit> audits, string checks)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading).AppendLine();
        text.AppendLine(Invariant, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores shared with other work, .NET {Environment.Version}; load average (1, 5, 15 min) before: {loadBefore}, after: {loadAfter}.").AppendLine();
        text.AppendLine("    " + command).AppendLine();
        text.AppendLine(Invariant, $"""
            The product runs from its AppHost (Aspire.Hosting.Testing, PostgreSQL durable) with the Sandbox as provider. The café's
            two numbers answer on `wait_seconds` 0: the canned hours rule for two messages of three, the AI default rule (the
            offline responder, one credit) for the third. Signed Meta and Twilio webhooks alternate through the gateway, each
            from a new customer, at a fixed rate (open loop); a webhook not answered 200 is sent again as the providers do (same
            message id and signature, 0.5 s doubling to 4 s apart, for up to 3 minutes). The baseline is the same load in the
            same run with no fault. During the chaos load each fault comes at a random moment of its own {slotSeconds:0} s slot: SIGKILL
            to the processes (and their children), nothing but the AppHost's supervisor to bring them back; the next fault waits
            until the whole product is healthy again. The Agent's recovery timeouts are shortened as in the end-to-end tests
            (a stalled turn after 8 s, a dead consumer's outbound entries taken over after 20 s). Then the checks, once the
            pipeline is quiet and {LoadPhases.Settle.TotalSeconds:0} s more: each acknowledged message has exactly one reply in the Sandbox's call log, any
            extra copy's first send accepted within {FaultRecord.RecordSlack.TotalSeconds:0} s of a kill of the Agent or of a PostgreSQL outage (the README's
            one duplicate window; the Sandbox stamps a send when it answers, which may be just after the Agent died); no entry pending or unread in any consumer group; every dead letter listed;
            Billing's ledger sums to its balance, nothing reserved, granted - committed = available, and one credit committed
            per customer the AI answered. Reply: from the webhook's due time to the Sandbox accepting the reply.
            """).AppendLine();
        text.AppendLine(Phases(audits));
        text.AppendLine("Faults of the chaos load:").AppendLine();
        text.AppendLine(Faults(audits[^1].Phase.Faults));
        text.AppendLine("Checks:").AppendLine();
        text.AppendLine(checks);
        return text.ToString();
    }
}
