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

    [Fact]
    public async Task A_reply_that_failed_after_its_commit_gives_the_credit_back_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);
        await SettleAsync(Completed(workspace, turn, TurnOutcome.Replied, creditReserved: true));
        Assert.Equal(4, (await _host.BalanceAsync(workspace, ct)).Available);

        var refund = await RefundAsync(ReplyFailed(workspace, turn));
        var replay = await RefundAsync(ReplyFailed(workspace, turn));

        Assert.Equal((SettlementOutcome.Settled, ReservationState.Refunded), (refund!.Outcome, refund.Reservation!.State));
        Assert.Equal(SettlementOutcome.AlreadySettled, replay!.Outcome);
        var balance = await _host.BalanceAsync(workspace, ct);
        Assert.Equal((5L, 0L), (balance.Available, balance.Reserved));
        var entry = await _host.DbAsync(db => db.LedgerEntries.SingleAsync(e => e.TurnId == turn && e.Kind == LedgerEntryKind.Refund, ct));
        Assert.Equal((1L, 0L), (entry.AvailableDelta, entry.ReservedDelta));
        await _host.AssertLedgerMatchesBalancesAsync(ct);
    }

    [Fact]
    public async Task A_reply_failure_that_overtakes_the_commit_gives_the_held_credit_back_and_the_commit_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);

        var refund = await RefundAsync(ReplyFailed(workspace, turn));
        var commit = await SettleAsync(Completed(workspace, turn, TurnOutcome.Replied, creditReserved: true));
        var replay = await RefundAsync(ReplyFailed(workspace, turn));

        Assert.Equal(SettlementOutcome.Settled, refund!.Outcome);
        Assert.Equal((SettlementOutcome.AlreadySettled, ReservationState.Refunded), (commit!.Outcome, commit.Reservation!.State));
        Assert.Equal(SettlementOutcome.AlreadySettled, replay!.Outcome);
        var balance = await _host.BalanceAsync(workspace, ct);
        Assert.Equal((5L, 0L), (balance.Available, balance.Reserved));
        var kinds = await _host.DbAsync(db => db.LedgerEntries.Where(e => e.TurnId == turn).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync(ct));
        Assert.Equal([LedgerEntryKind.Reserve, LedgerEntryKind.Refund], kinds);
        await _host.AssertLedgerMatchesBalancesAsync(ct);
    }

    [Fact]
    public async Task A_reply_failure_of_a_released_reservation_refunds_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);
        await SettleAsync(Completed(workspace, turn, TurnOutcome.Failed, creditReserved: true));

        var refund = await RefundAsync(ReplyFailed(workspace, turn));

        Assert.Equal((SettlementOutcome.Conflict, ReservationState.Released), (refund!.Outcome, refund.Reservation!.State));
        Assert.Equal(5, (await _host.BalanceAsync(workspace, ct)).Available);
        Assert.Equal(0, await _host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.TurnId == turn && e.Kind == LedgerEntryKind.Refund, ct)));
    }

    internal static TurnReplyFailed ReplyFailed(string workspace, string turn) =>
        new(turn, workspace, "channel-1", "conversation-1", TurnOutcome.Failed, UsedAi: true, CreditReserved: true,
            "The message could not be delivered.", "131026", DateTimeOffset.UtcNow);

    Task<SettlementResult?> RefundAsync(TurnReplyFailed failed) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<TurnSettlement>().RefundAsync(failed, TestContext.Current.CancellationToken));

    internal static TurnCompleted Completed(string workspace, string turn, TurnOutcome outcome, bool creditReserved) =>
        new(turn, workspace, "channel-1", "conversation-1", outcome, UsedAi: creditReserved, creditReserved, null, DateTimeOffset.UtcNow);

    Task<SettlementResult?> SettleAsync(TurnCompleted completed) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<TurnSettlement>().SettleAsync(completed, TestContext.Current.CancellationToken));
}
