using System.Globalization;
using Billing.Data;
using Billing.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Billing.Tests.Settlement;

/// <summary>The whole path on real Redis: turn:completed settles, grants reach billing:events.</summary>
public sealed class TurnCompletedStreamTests(PostgresFixture postgres, RedisFixture redis)
{
    // An event that never arrives fails the test in a minute instead of holding the run.
    [Fact(Timeout = 60_000)]
    public async Task A_turn_completed_event_on_the_stream_settles_the_reservation_and_its_replay_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await host.GrantAsync(workspace, 3, ct);
        await host.ReserveAsync(workspace, turn, ct);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var completed = TurnSettlementTests.Completed(workspace, turn, TurnOutcome.Replied, creditReserved: true);

        await publisher.PublishAsync(StreamNames.TurnCompleted, completed, ct);
        await publisher.PublishAsync(StreamNames.TurnCompleted, completed, ct);
        while ((await host.DbAsync(db => db.Reservations.SingleAsync(r => r.TurnId == turn, ct))).State == ReservationState.Reserved)
        {
            await Task.Delay(20, ct);
        }

        var balance = await host.BalanceAsync(workspace, ct);
        Assert.Equal((2L, 0L), (balance.Available, balance.Reserved));
        Assert.Equal(1, await host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.TurnId == turn && e.Kind == LedgerEntryKind.Commit, ct)));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_reply_failure_on_the_stream_refunds_the_credit_once_whichever_comes_first()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var (workspace, turn) = (Ids.Workspace(), Ids.Turn());
        await host.GrantAsync(workspace, 3, ct);
        await host.ReserveAsync(workspace, turn, ct);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        // The failure published before the turn's completion, and again: the group may settle them in any order.
        await publisher.PublishAsync(StreamNames.TurnCompleted, TurnSettlementTests.ReplyFailed(workspace, turn), ct);
        await publisher.PublishAsync(StreamNames.TurnCompleted, TurnSettlementTests.Completed(workspace, turn, TurnOutcome.Replied, creditReserved: true), ct);
        var last = await publisher.PublishAsync(StreamNames.TurnCompleted, TurnSettlementTests.ReplyFailed(workspace, turn), ct);
        await WaitUntilBillingHandledAsync(host, last, ct);

        var balance = await host.BalanceAsync(workspace, ct);
        Assert.Equal((3L, 0L), (balance.Available, balance.Reserved));
        Assert.Equal(ReservationState.Refunded, (await host.DbAsync(db => db.Reservations.SingleAsync(r => r.TurnId == turn, ct))).State);
        Assert.Equal(1, await host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.TurnId == turn && e.Kind == LedgerEntryKind.Refund, ct)));
        await host.AssertLedgerMatchesBalancesAsync(ct);
    }

    /// <summary>Billing's group has read every entry up to <paramref name="entryId"/> and acknowledged them all.</summary>
    static async Task WaitUntilBillingHandledAsync(BillingHost host, string entryId, CancellationToken ct)
    {
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var target = StreamId(entryId);
        while (true)
        {
            var group = (await database.StreamGroupInfoAsync(StreamNames.TurnCompleted)).SingleOrDefault(g => g.Name == ConsumerGroups.Billing);
            if (group.Name is not null && StreamId(group.LastDeliveredId ?? "0-0").CompareTo(target) >= 0 && group.PendingMessageCount == 0)
            {
                return;
            }
            await Task.Delay(20, ct);
        }
    }

    static (long, long) StreamId(string id) => id.Split('-') is [var ms, var seq]
        ? (long.Parse(ms, CultureInfo.InvariantCulture), long.Parse(seq, CultureInfo.InvariantCulture))
        : (long.Parse(id, CultureInfo.InvariantCulture), 0);

    [Fact]
    public async Task The_relay_delivers_billing_events_to_redis()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));

        await host.GrantAsync(Ids.Workspace(), 3, ct);
        while (await host.DbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null, ct)) > 0)
        {
            await Task.Delay(20, ct);
        }

        var sent = await host.DbAsync(db => db.Outbox.SingleAsync(ct));
        Assert.Equal(nameof(CreditsGranted), sent.EventType);
        Assert.Equal(0, sent.Attempts);
    }
}
