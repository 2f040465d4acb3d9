namespace ChaosBench;

/// <summary>What is killed together: services, Redis or PostgreSQL, by their resource names.</summary>
public sealed record Fault(string Name, IReadOnlyList<string> Targets)
{
    public static IReadOnlyList<Fault> QuickPlan { get; } = [Kill("agent"), Kill("ingest"), Kill("redis")];

    /// <summary>Each service in turn, two at once, then Redis and PostgreSQL.</summary>
    public static IReadOnlyList<Fault> FullPlan { get; } =
    [
        Kill("ingest"), Kill("agent"), Kill("billing"), Kill("admin"), Kill("gateway"),
        Kill("ingest", "agent"), Kill("billing", "admin"),
        Kill("redis"), Kill("postgres"),
    ];

    static Fault Kill(params string[] targets) => new(string.Join(" + ", targets), targets);

    /// <summary>
    /// The one way to a duplicate (README, "Never double-answered"): the provider accepted a send
    /// and the Agent could not record it, because it died or PostgreSQL did.
    /// </summary>
    public bool CanInterruptASend => Targets.Contains("agent") || Targets.Contains("postgres");
}

/// <summary>A fault as it happened: when the processes were killed and when all of the product was healthy again.</summary>
public sealed record FaultRecord(Fault Fault, DateTimeOffset At, DateTimeOffset BackAt, double SecondsIntoLoad)
{
    /// <summary>
    /// How far from the kill a send the Sandbox accepted can be and still have gone unrecorded:
    /// before it, the Agent's update follows the call at once, but the machine is busy; after it,
    /// the Sandbox stamps a call when it answers, which may be after its caller died.
    /// </summary>
    public static readonly TimeSpan RecordSlack = TimeSpan.FromSeconds(2);

    /// <summary>Whether a send accepted at <paramref name="acceptedAt"/> could have been lost to this fault before the Agent recorded it.</summary>
    public bool CouldHaveInterrupted(DateTimeOffset acceptedAt) =>
        Fault.CanInterruptASend && acceptedAt >= At - RecordSlack && acceptedAt <= (Fault.Targets.Contains("postgres") ? BackAt : At) + RecordSlack;
}
