namespace Billing.Tests.Infrastructure;

/// <summary>The system clock, moved forward on demand so expiry can be tested without waiting.</summary>
public sealed class ShiftedClock : TimeProvider
{
    long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
