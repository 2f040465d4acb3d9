using LoadBench;

namespace ChaosBench;

/// <summary>
/// Every message of a phase against the replies its customer got at the Sandbox: acknowledged
/// (some attempt got its 200), answered exactly once, and every extra copy explained by a fault
/// in the one duplicate window (the provider accepted the send, the Agent did not record it).
/// </summary>
public sealed record ReplyAudit(
    PhaseResult Phase,
    int Acknowledged,
    IReadOnlyList<SentMessage> NotAcknowledged,
    IReadOnlyList<int> Unanswered,
    int AiAnswered,
    IReadOnlyList<string> ExplainedDuplicates,
    IReadOnlyList<string> UnexplainedDuplicates,
    IReadOnlyList<double> ReplyMs)
{
    public static ReplyAudit Of(PhaseResult phase, SandboxReplies replies)
    {
        var notAcknowledged = new List<SentMessage>();
        var unanswered = new List<int>();
        var explained = new List<string>();
        var unexplained = new List<string>();
        var replyMs = new List<double>();
        var aiAnswered = 0;
        foreach (var message in phase.Sent)
        {
            var customer = phase.Webhooks.Customer(message.Index);
            var copies = replies.To(customer).Order().ToList();
            if (!message.Acknowledged)
            {
                notAcknowledged.Add(message);
            }
            if (copies.Count == 0)
            {
                if (message.Acknowledged)
                {
                    unanswered.Add(message.Index);
                }
                continue;
            }
            replyMs.Add((copies[0] - message.DueAt).TotalMilliseconds);
            aiAnswered += ChaosMessages.CostsACredit(message.Index) ? 1 : 0;
            // Each copy but the last must have been accepted just before a fault that could keep the Agent from recording it.
            for (var i = 0; i < copies.Count - 1; i++)
            {
                var cause = phase.Faults.FirstOrDefault(f => f.CouldHaveInterrupted(copies[i]));
                var description = $"#{message.Index} (customer {customer}): copy {i + 1} accepted at {copies[i]:HH:mm:ss.fff}, copy {i + 2} at {copies[i + 1]:HH:mm:ss.fff}";
                if (cause is null)
                {
                    unexplained.Add(description + "; no kill of the Agent or PostgreSQL within " + FaultRecord.RecordSlack.TotalSeconds + " s of copy " + (i + 1)
                        + (phase.Faults.Count == 0 ? "" : " (faults at " + string.Join(", ", phase.Faults.Select(f => $"{f.Fault.Name} {f.At:HH:mm:ss.fff}")) + ")"));
                }
                else
                {
                    explained.Add($"{description}; {cause.Fault.Name} killed at {cause.At:HH:mm:ss.fff}" + (cause.Fault.Targets.Contains("postgres") ? $", healthy again at {cause.BackAt:HH:mm:ss.fff}" : ""));
                }
            }
        }
        return new ReplyAudit(phase, phase.Sent.Count - notAcknowledged.Count, notAcknowledged, unanswered, aiAnswered, explained, unexplained, replyMs);
    }

    public IEnumerable<string> Problems()
    {
        if (NotAcknowledged.Count > 0)
        {
            yield return $"{Phase.Name}: {NotAcknowledged.Count} webhook(s) never answered 200 however often retried: "
                + string.Join(", ", NotAcknowledged.Take(5).Select(m => $"#{m.Index} {m.Status} {m.Error}"));
        }
        if (Unanswered.Count > 0)
        {
            yield return $"{Phase.Name}: {Unanswered.Count} acknowledged message(s) never answered: #" + string.Join(", #", Unanswered.Take(10));
        }
        foreach (var duplicate in UnexplainedDuplicates)
        {
            yield return $"{Phase.Name}: duplicate outside the send window: {duplicate}";
        }
    }
}
