using Billing.Data;
using Billing.Ledger;
using Billing.Settlement;
using Billing.Tests.Infrastructure;
using Messaging.Contracts.Events;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Tests.Settlement;

public sealed class TurnSettlementTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    BillingHost _host = null!;

    public async ValueTask InitializeAsync() => _host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(TurnOutcome.Replied, ReservationState.Committed, 4L)]
    [InlineData(TurnOutcome.NoReply, ReservationState.Released, 5L)]
    [InlineData(TurnOutcome.Failed, ReservationState.Released, 5L)]
    public async Task A_completed_turn_commits_when_replied_and_releases_otherwise(TurnOutcome outcome, ReservationState expected, long available)
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);

        var result = await SettleAsync(Completed(workspace, turn, outcome, creditReserved: true));

        Assert.Equal(SettlementOutcome.Settled, result!.Outcome);
        Assert.Equal(expected, result.Reservation!.State);
        var balance = await _host.BalanceAsync(workspace, ct);
        Assert.Equal((available, 0L), (balance.Available, balance.Reserved));
    }

    [Fact]
    public async Task A_replayed_turn_completed_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);
        var completed = Completed(workspace, turn, TurnOutcome.Replied, creditReserved: true);
        await SettleAsync(completed);

        var replay = await SettleAsync(completed);

        Assert.Equal(SettlementOutcome.AlreadySettled, replay!.Outcome);
        Assert.Equal(3, await _host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.WorkspaceId == workspace, ct)));
        Assert.Equal(4, (await _host.BalanceAsync(workspace, ct)).Available);
    }

    [Fact]
    public async Task A_turn_without_a_reservation_settles_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);

        var result = await SettleAsync(Completed(workspace, turn, TurnOutcome.Replied, creditReserved: false));

        Assert.Null(result);
        Assert.Equal(1, (await _host.BalanceAsync(workspace, ct)).Reserved);
    }

    internal static TurnCompleted Completed(string workspace, string turn, TurnOutcome outcome, bool creditReserved) =>
        new(turn, workspace, "channel-1", "conversation-1", outcome, UsedAi: creditReserved, creditReserved, null, DateTimeOffset.UtcNow);

    Task<SettlementResult?> SettleAsync(TurnCompleted completed) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<TurnSettlement>().SettleAsync(completed, TestContext.Current.CancellationToken));
}
