namespace Agent.Turns;

/// <summary>What a lock holder found in the schedule: the window closed and is now its own, no window, or one that closes later.</summary>
public readonly record struct ScheduleClaim(bool IsClaimed, DateTimeOffset? ClosesAt)
{
    public static ScheduleClaim Claimed => new(true, null);

    public static ScheduleClaim NotScheduled => new(false, null);

    public static ScheduleClaim DueLater(DateTimeOffset closesAt) => new(false, closesAt);
}
