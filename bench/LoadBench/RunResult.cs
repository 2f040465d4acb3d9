namespace LoadBench;

/// <summary>One target at one rate: what was sent, acknowledged and (for the product) answered, and what it cost.</summary>
public sealed record RunResult(
    string Target,
    int Rate,
    IReadOnlyList<SentMessage> Messages,
    double Seconds,
    IReadOnlyList<double>? ReplyMs,
    int Unanswered,
    int Duplicates,
    IReadOnlyList<string> Processes,
    double[] CpuSeconds,
    double[] ResidentMiB)
{
    public int Acknowledged => Messages.Count(m => m.Acknowledged);

    public int Errors => Messages.Count - Acknowledged;

    public Latencies Ack => Latencies.Of(Messages.Where(m => m.Acknowledged).Select(m => m.AckFromScheduleMs));

    public Latencies? Reply => ReplyMs is null ? null : Latencies.Of(ReplyMs);

    /// <summary>Messages per second over the time from the first due send to the last reply (product) or acknowledgement (peers).</summary>
    public double DonePerSecond => Messages.Count / Seconds;

    /// <summary>The generator's lateness: how long after its due time a message actually left.</summary>
    public double SendDelayP99 => Latencies.Of(Messages.Select(m => m.SendDelayMs)).P99;
}
