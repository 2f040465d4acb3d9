using System.Net.Http.Json;
using Billing.Api;
using Billing.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;

namespace Billing.Tests.Outbox;

public sealed class CreditAlertTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task Grants_low_credits_and_exhaustion_are_written_to_the_outbox_once_each()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        using (var threshold = await host.CreateClient().PutAsJsonAsync($"/api/credits/workspaces/{workspace}/low-threshold", new LowThresholdRequest(3), BillingHost.Json, ct))
        {
            threshold.EnsureSuccessStatusCode();
        }
        await host.GrantAsync(workspace, 5, ct);

        var turns = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            turns.Add(Ids.Turn());
            await host.ReserveAsync(workspace, turns[^1], ct);
        }
        // Give one back and take it again: still low, still exhausted, no new alerts.
        (await host.SettleAsync(turns[0], "release", ct)).Dispose();
        await host.ReserveAsync(workspace, Ids.Turn(), ct);

        var events = await host.DbAsync(db => db.Outbox.OrderBy(m => m.Id).Select(m => new { m.EventType, m.Stream, m.Payload }).ToListAsync(ct));
        Assert.Equal(["CreditsGranted", "CreditsLow", "CreditsExhausted"], events.Select(e => e.EventType));
        Assert.All(events, e => Assert.Equal(StreamNames.BillingEvents, e.Stream));
        Assert.Contains("\"balance\": 2", events[1].Payload, StringComparison.Ordinal);
        Assert.Contains("\"threshold\": 3", events[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_grant_rearms_the_alerts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis), settings: new() { ["Billing:DefaultLowThreshold"] = "1" });
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 1, ct);
        await host.ReserveAsync(workspace, Ids.Turn(), ct);
        await host.GrantAsync(workspace, 1, ct);
        await host.ReserveAsync(workspace, Ids.Turn(), ct);

        var types = await host.DbAsync(db => db.Outbox.OrderBy(m => m.Id).Select(m => m.EventType).ToListAsync(ct));
        Assert.Equal(["CreditsGranted", "CreditsExhausted", "CreditsGranted", "CreditsExhausted"], types);
    }
}
