using System.Net;
using Billing.Data;
using Billing.Expiry;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Billing.Tests.Expiry;

public sealed class ExpiryTests(PostgresFixture postgres, RedisFixture redis)
{
    static readonly Dictionary<string, string?> OneMinuteHolds = new() { ["Billing:ReservationTimeout"] = "00:01:00" };

    [Fact]
    public async Task A_crash_after_reserve_ends_after_expiry_with_the_credit_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await BillingDatabase.CreateAsync(postgres, redis);
        var workspace = Ids.Workspace();
        var turn = Ids.Turn();
        await using (var crashed = new BillingHost(database, settings: OneMinuteHolds))
        {
            await crashed.GrantAsync(workspace, 1, ct);
            await crashed.ReserveAsync(workspace, turn, ct);
        }

        var clock = new ShiftedClock();
        clock.Advance(TimeSpan.FromMinutes(2));
        await using var restarted = new BillingHost(database, clock, new(OneMinuteHolds) { ["Billing:ExpirySweepInterval"] = "00:00:00.100" });
        while ((await restarted.BalanceAsync(workspace, ct)).Available == 0)
        {
            await Task.Delay(50, ct);
        }

        var balance = await restarted.BalanceAsync(workspace, ct);
        Assert.Equal((1, 0), (balance.Available, balance.Reserved));
        Assert.Equal(ReservationState.Expired, (await restarted.DbAsync(db => db.Reservations.SingleAsync(r => r.TurnId == turn, ct))).State);
        Assert.Equal(1, await restarted.DbAsync(db => db.LedgerEntries.CountAsync(e => e.TurnId == turn && e.Kind == LedgerEntryKind.Expire, ct)));
        using var lateCommit = await restarted.SettleAsync(turn, "commit", ct);
        Assert.Equal(HttpStatusCode.Conflict, lateCommit.StatusCode);
        await restarted.AssertLedgerMatchesBalancesAsync(ct);
    }

    [Fact]
    public async Task Reservations_not_yet_due_are_left_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis), settings: OneMinuteHolds);
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 1, ct);
        await host.ReserveAsync(workspace, Ids.Turn(), ct);
        host.Clock.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(0, await host.Services.GetRequiredService<ReservationExpirySweeper>().SweepAsync(ct));
        Assert.Equal(1, (await host.BalanceAsync(workspace, ct)).Reserved);
    }

    [Fact]
    public async Task Two_replicas_sweeping_together_expire_each_reservation_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await BillingDatabase.CreateAsync(postgres, redis);
        var clock = new ShiftedClock();
        var settings = new Dictionary<string, string?>(OneMinuteHolds) { ["Billing:ExpiryBatchSize"] = "3" };
        await using var first = new BillingHost(database, clock, settings);
        await using var second = new BillingHost(database, clock, settings);
        var workspaces = Enumerable.Range(0, 5).Select(_ => Ids.Workspace()).ToList();
        foreach (var workspace in workspaces)
        {
            await first.GrantAsync(workspace, 10, ct);
            for (var i = 0; i < 10; i++)
            {
                await first.ReserveAsync(workspace, Ids.Turn(), ct);
            }
        }
        clock.Advance(TimeSpan.FromMinutes(5));

        var expired = await Task.WhenAll(
            first.Services.GetRequiredService<ReservationExpirySweeper>().SweepAsync(ct),
            second.Services.GetRequiredService<ReservationExpirySweeper>().SweepAsync(ct));

        Assert.Equal(50, expired.Sum());
        Assert.Equal(50, await first.DbAsync(db => db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Expire, ct)));
        foreach (var workspace in workspaces)
        {
            Assert.Equal(10, (await second.BalanceAsync(workspace, ct)).Available);
        }
        await first.AssertLedgerMatchesBalancesAsync(ct);
    }

    [Fact]
    public async Task An_absurd_reservation_timeout_stops_the_start_up()
    {
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis), settings: new() { ["Billing:ReservationTimeout"] = "00:00:00" });

        var error = Record.Exception(() => host.Services);
        Assert.IsType<OptionsValidationException>(error, exactMatch: false);
        Assert.Contains("ReservationTimeout", error.Message, StringComparison.Ordinal);
    }
}
