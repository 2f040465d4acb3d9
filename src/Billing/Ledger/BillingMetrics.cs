using System.Diagnostics.Metrics;

namespace Billing.Ledger;

/// <summary>The "Messaging.Billing" meter: what the ledger did, counted per operation.</summary>
public sealed class BillingMetrics
{
    public const string MeterName = "Messaging.Billing";

    readonly Counter<long> _reservations;
    readonly Counter<long> _denials;
    readonly Counter<long> _commits;
    readonly Counter<long> _releases;
    readonly Counter<long> _expiries;
    readonly Counter<long> _refunds;

    public BillingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reservations = meter.CreateCounter<long>("billing.reservations", "{reservation}", "Credits reserved for AI replies (replays excluded).");
        _denials = meter.CreateCounter<long>("billing.denials", "{reservation}", "Reservations refused for insufficient credits.");
        _commits = meter.CreateCounter<long>("billing.commits", "{reservation}", "Reservations consumed by a sent reply.");
        _releases = meter.CreateCounter<long>("billing.releases", "{reservation}", "Reservations given back because no reply was sent.");
        _expiries = meter.CreateCounter<long>("billing.expiries", "{reservation}", "Reservations released by the sweeper because they were never settled.");
        _refunds = meter.CreateCounter<long>("billing.refunds", "{reservation}", "Credits given back because a sent reply was reported failed for good.");
    }

    public void Reserved() => _reservations.Add(1);
    public void Denied() => _denials.Add(1);
    public void Committed() => _commits.Add(1);
    public void Released() => _releases.Add(1);
    public void Expired(int count) => _expiries.Add(count);
    public void Refunded() => _refunds.Add(1);
}
