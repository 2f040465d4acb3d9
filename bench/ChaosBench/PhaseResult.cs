using LoadBench;

namespace ChaosBench;

/// <summary>One load of the run (warm-up, baseline or chaos): what was sent, the faults during it, and how long the pipeline took to go quiet after it.</summary>
public sealed record PhaseResult(string Name, int Rate, Webhooks Webhooks, IReadOnlyList<SentMessage> Sent, IReadOnlyList<FaultRecord> Faults, long Retries, double LoadSeconds, double QuietAfterSeconds);
