using LoadBench;

namespace FuzzBench;

/// <summary>One load of a plan: what each request was answered, and when each customer got the product's replies.</summary>
public sealed record FuzzRun(string Name, int Rate, FuzzPlan Plan, IReadOnlyList<SentMessage> Sent, IReadOnlyDictionary<int, string> Bodies, double Seconds, SandboxReplies Replies)
{
    public IEnumerable<(FuzzCase Case, SentMessage Sent)> Requests => Plan.Cases.Zip(Sent);

    /// <summary>Acknowledgement latency of the valid requests, from their due time.</summary>
    public Latencies ValidAck => Latencies.Of(Requests.Where(r => !r.Case.Hostile && r.Sent.Acknowledged).Select(r => r.Sent.AckFromScheduleMs));

    /// <summary>From a valid message's due time to its first reply, for every customer that must be answered.</summary>
    public Latencies ValidReply => Latencies.Of(Requests.SelectMany(r => r.Case.Answered.Select(customer => Replies.To(customer)).Where(to => to.Count > 0)
        .Select(to => (to.Min() - r.Sent.DueAt).TotalMilliseconds)));

    public int ValidMessages => Plan.Cases.Sum(c => c.Answered.Count);
}
