using Billing.Data;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Microsoft.Extensions.Options;

namespace Billing.Alerts;

/// <summary>
/// Decides when a balance change is news for billing:events. Each alert is raised once and
/// re-armed only when credits are added (grant, positive adjustment), so a release followed by
/// a new reservation around the threshold does not repeat it.
/// </summary>
public sealed class CreditAlerts(IOptions<BillingOptions> options)
{
    public long ThresholdOf(Balance balance) => balance.LowThreshold ?? options.Value.DefaultLowThreshold;

    /// <summary>Call after <see cref="Balance.Available"/> went down; returns the events to publish.</summary>
    public IReadOnlyList<IIntegrationEvent> AfterDecrease(Balance balance, DateTimeOffset now)
    {
        if (balance.Available == 0 && !balance.ExhaustedNotified)
        {
            // Exhausted says more than low: one event, and low is not raised later for the same dip.
            balance.ExhaustedNotified = true;
            balance.LowNotified = true;
            return [new CreditsExhausted(balance.WorkspaceId, now)];
        }
        var threshold = ThresholdOf(balance);
        if (balance.Available < threshold && !balance.LowNotified)
        {
            balance.LowNotified = true;
            return [new CreditsLow(balance.WorkspaceId, balance.Available, threshold, now)];
        }
        return [];
    }

    /// <summary>Call after credits were added: alerts fire again on the next dip.</summary>
    public void AfterIncrease(Balance balance)
    {
        if (balance.Available >= ThresholdOf(balance))
        {
            balance.LowNotified = false;
        }
        if (balance.Available > 0)
        {
            balance.ExhaustedNotified = false;
        }
    }
}
