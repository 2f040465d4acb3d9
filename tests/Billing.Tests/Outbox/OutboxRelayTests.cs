using Billing.Data;
using Billing.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Outbox;
using Messaging.Streams.Bus;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Billing.Tests.Outbox;

/// <summary>The shared outbox relay (Messaging.Outbox) as Billing runs it.</summary>
public sealed class OutboxRelayTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task The_running_relay_delivers_events_in_order_and_marks_them_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var publisher = new RecordingPublisher();
        await using var host = HostWithRelay(await BillingDatabase.CreateAsync(postgres, redis), publisher);
        var workspace = Ids.Workspace();

        await host.GrantAsync(workspace, 1, ct);
        await host.ReserveAsync(workspace, Ids.Turn(), ct);
        while (await UnsentAsync(host) > 0 || publisher.Published.Count < 2)
        {
            await Task.Delay(20, ct);
        }

        Assert.Equal([typeof(CreditsGranted), typeof(CreditsExhausted)], publisher.Published.Select(p => p.Event.GetType()));
        Assert.All(publisher.Published, p => Assert.Equal(StreamNames.BillingEvents, p.Stream));
        var rows = await host.DbAsync(db => db.Outbox.OrderBy(m => m.Id).ToListAsync(ct));
        Assert.Equal(rows.Select(r => "billing:outbox:" + r.EventId), publisher.Published.Select(p => p.Key));
        Assert.Equal(workspace, ((CreditsGranted)publisher.Published[0].Event).WorkspaceId);
    }

    [Fact]
    public async Task A_refused_publish_is_retried_with_backoff_without_a_new_commit_or_sweep()
    {
        var ct = TestContext.Current.CancellationToken;
        var publisher = new RecordingPublisher { FailuresLeft = 3 };
        // No sweep during the test: only the relay's backoff can bring the event out.
        await using var host = HostWithRelay(await BillingDatabase.CreateAsync(postgres, redis), publisher,
            new() { ["Billing:OutboxPollInterval"] = "00:10:00", ["Outbox:RetryBaseDelay"] = "00:00:00.020" });

        await host.GrantAsync(Ids.Workspace(), 5, ct);
        while (await UnsentAsync(host) > 0)
        {
            await Task.Delay(20, ct);
        }

        var delivered = await host.DbAsync(db => db.Outbox.SingleAsync(ct));
        Assert.Equal(3, delivered.Attempts);
        Assert.Contains("redis down", delivered.LastError, StringComparison.Ordinal);
        Assert.Single(publisher.Published);
    }

    [Fact]
    public async Task Two_relays_working_together_send_each_event_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await BillingDatabase.CreateAsync(postgres, redis);
        var publisher = new RecordingPublisher();
        var settings = new Dictionary<string, string?> { ["Billing:OutboxBatchSize"] = "7" };
        await using var first = HostWithRelay(database, publisher, settings);
        await using var second = HostWithRelay(database, publisher, settings);
        for (var i = 0; i < 40; i++)
        {
            await first.GrantAsync(Ids.Workspace(), 1, ct);
        }

        await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        Assert.Equal(0, await UnsentAsync(first));
        Assert.Equal(40, publisher.Published.Count);
        Assert.Equal(40, publisher.Published.Select(p => p.Key).Distinct().Count());
        // One relay at a time: the events left in the order they were written.
        var written = await first.DbAsync(db => db.Outbox.OrderBy(m => m.Id).Select(m => "billing:outbox:" + m.EventId).ToListAsync(ct));
        Assert.Equal(written, publisher.Published.Select(p => p.Key));

        async Task DrainAsync(BillingHost host)
        {
            var relay = host.Services.GetRequiredService<OutboxRelay<BillingDbContext>>();
            while (await relay.RelayBatchAsync(ct) > 0)
            {
            }
        }
    }

    [Fact]
    public async Task Delivered_events_are_purged_after_the_retention_and_pending_ones_never()
    {
        var ct = TestContext.Current.CancellationToken;
        var publisher = new RecordingPublisher();
        await using var host = HostWithRelay(await BillingDatabase.CreateAsync(postgres, redis), publisher,
            new() { ["Billing:OutboxPollInterval"] = "00:10:00", ["Outbox:Retention"] = "1.00:00:00", ["Outbox:RetryBaseDelay"] = "00:00:00.050" });
        var relay = host.Services.GetRequiredService<OutboxRelay<BillingDbContext>>();
        await host.GrantAsync(Ids.Workspace(), 1, ct);
        while (await UnsentAsync(host) > 0)
        {
            await Task.Delay(20, ct);
        }
        publisher.FailuresLeft = int.MaxValue;
        await host.GrantAsync(Ids.Workspace(), 1, ct);
        while (await host.DbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null && m.Attempts > 0, ct)) == 0)
        {
            await Task.Delay(20, ct);
        }

        Assert.Equal(0, await relay.PurgeAsync(ct));
        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await relay.PurgeAsync(ct));

        var left = await host.DbAsync(db => db.Outbox.SingleAsync(ct));
        Assert.Null(left.SentAt);
    }

    [Fact]
    public async Task An_event_relayed_again_after_a_crash_reaches_the_stream_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 1, ct);
        while (await UnsentAsync(host) > 0)
        {
            await Task.Delay(20, ct);
        }

        // The relay appended it, then died before marking the row sent; after the restart it sends it again.
        await host.DbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE billing.outbox SET sent_at = NULL", ct));
        Assert.Equal(1, await host.Services.GetRequiredService<OutboxRelay<BillingDbContext>>().RelayBatchAsync(ct));

        var entries = await host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StreamRangeAsync(StreamNames.BillingEvents);
        Assert.Single(entries, e => e["payload"].ToString().Contains(workspace, StringComparison.Ordinal));
    }

    /// <summary>The service with its relay running, publishing to a recording bus instead of Redis.</summary>
    static BillingHost HostWithRelay(BillingServers database, RecordingPublisher publisher, Dictionary<string, string?>? settings = null) =>
        new(database, settings: settings, services: services => services.AddSingleton<IEventPublisher>(publisher));

    static Task<int> UnsentAsync(BillingHost host) =>
        host.DbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null, TestContext.Current.CancellationToken));
}
