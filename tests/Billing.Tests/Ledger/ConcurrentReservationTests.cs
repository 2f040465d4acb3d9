using Billing.Data;
using Billing.Ledger;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;

namespace Billing.Tests.Ledger;

public sealed class ConcurrentReservationTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task Hundred_concurrent_reservations_against_ten_credits_reserve_exactly_ten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 10, ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var reservations = Enumerable.Range(0, 100).Select(async _ =>
        {
            using var client = host.CreateClient();
            await gate.Task;
            return await host.ReserveAsync(workspace, Ids.Turn(), ct, client);
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(reservations);

        var outcomes = results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, outcomes[ReservationOutcome.Reserved]);
        Assert.Equal(90, outcomes[ReservationOutcome.InsufficientCredits]);
        var balance = await host.BalanceAsync(workspace, ct);
        Assert.Equal(0, balance.Available);
        Assert.Equal(10, balance.Reserved);
        Assert.Equal(10, await host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Reserve, ct)));
        await host.AssertLedgerMatchesBalancesAsync(ct);
    }
}
