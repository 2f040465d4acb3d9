using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Billing.Ledger;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Tests.Ledger;

public sealed class MetricsTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task Reservations_denials_commits_and_releases_are_counted_replays_are_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BillingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counts.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();
        var workspace = Ids.Workspace();
        var (first, second) = (Ids.Turn(), Ids.Turn());

        await host.GrantAsync(workspace, 2, ct);
        await host.ReserveAsync(workspace, first, ct);
        await host.ReserveAsync(workspace, first, ct);
        await host.ReserveAsync(workspace, second, ct);
        await host.ReserveAsync(workspace, Ids.Turn(), ct);
        (await host.SettleAsync(first, "commit", ct)).Dispose();
        (await host.SettleAsync(first, "commit", ct)).Dispose();
        (await host.SettleAsync(second, "release", ct)).Dispose();

        Assert.Equal(2, counts.GetValueOrDefault("billing.reservations"));
        Assert.Equal(1, counts.GetValueOrDefault("billing.denials"));
        Assert.Equal(1, counts.GetValueOrDefault("billing.commits"));
        Assert.Equal(1, counts.GetValueOrDefault("billing.releases"));
    }
}
