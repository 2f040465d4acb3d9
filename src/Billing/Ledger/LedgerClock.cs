namespace Billing.Ledger;

public static class LedgerClock
{
    /// <summary>Now, at PostgreSQL's timestamp precision (microseconds), so a value read back equals the one returned.</summary>
    public static DateTimeOffset GetLedgerNow(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
