using Billing.Data;
using Billing.Outbox;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Tests.Outbox;

public sealed class OutboxRelayTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task The_running_relay_delivers_events_in_order_and_marks_them_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var transport = new RecordingTransport();
        await using var host = HostWithRelay(await BillingDatabase.CreateAsync(postgres, redis), transport);
        var workspace = Ids.Workspace();

        await host.GrantAsync(workspace, 1, ct);
        await host.ReserveAsync(workspace, Ids.Turn(), ct);
        while (await UnsentAsync(host) > 0 || transport.Sent.Count < 2)
        {
            await Task.Delay(20, ct);
        }

        Assert.Equal(["CreditsGranted", "CreditsExhausted"], transport.Sent.Select(m => m.EventType));
        Assert.All(transport.Sent, m => Assert.Equal("billing:events", m.Stream));
    }

    [Fact]
    public async Task A_failed_send_leaves_the_event_unsent_until_a_later_attempt_succeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var transport = new RecordingTransport { FailuresLeft = 1 };
        await using var host = HostWithRelay(await BillingDatabase.CreateAsync(postgres, redis), transport,
            new() { ["Billing:OutboxPollInterval"] = "00:00:00.100" });

        await host.GrantAsync(Ids.Workspace(), 5, ct);
        while (await UnsentAsync(host) > 0)
        {
            await Task.Delay(20, ct);
        }

        var delivered = await host.DbAsync(db => db.Outbox.SingleAsync(ct));
        Assert.Equal(1, delivered.Attempts);
        Assert.Contains("redis down", delivered.LastError, StringComparison.Ordinal);
        Assert.Single(transport.Sent);
    }

    [Fact]
    public async Task Two_relays_working_together_send_each_event_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await BillingDatabase.CreateAsync(postgres, redis);
        var transport = new RecordingTransport();
        var settings = new Dictionary<string, string?> { ["Billing:OutboxBatchSize"] = "7" };
        await using var first = HostWithRelay(database, transport, settings);
        await using var second = HostWithRelay(database, transport, settings);
        for (var i = 0; i < 40; i++)
        {
            await first.GrantAsync(Ids.Workspace(), 1, ct);
        }

        await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        Assert.Equal(40, transport.Sent.Select(m => m.EventId).Distinct().Count());
        Assert.Equal(40, transport.Sent.Count);
        Assert.Equal(0, await UnsentAsync(first));

        async Task DrainAsync(BillingHost host)
        {
            var relay = host.Services.GetRequiredService<OutboxRelay>();
            while (await relay.RelayBatchAsync(ct) > 0)
            {
            }
        }
    }

    /// <summary>The service with its relay running, sending to a recording transport instead of Redis.</summary>
    static BillingHost HostWithRelay(BillingServers database, RecordingTransport transport, Dictionary<string, string?>? settings = null) =>
        new(database, settings: settings, services: services => services.AddSingleton<IOutboxTransport>(transport));

    static Task<int> UnsentAsync(BillingHost host) =>
        host.DbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null, TestContext.Current.CancellationToken));

    sealed class RecordingTransport : IOutboxTransport
    {
        readonly Lock _gate = new();
        readonly List<OutboxMessage> _sent = [];

        public int FailuresLeft { get; set; }

        public IReadOnlyList<OutboxMessage> Sent
        {
            get
            {
                lock (_gate)
                {
                    return [.. _sent];
                }
            }
        }

        public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (FailuresLeft > 0)
                {
                    FailuresLeft--;
                    throw new InvalidOperationException("redis down");
                }
                _sent.Add(message);
            }
            return Task.CompletedTask;
        }
    }
}
