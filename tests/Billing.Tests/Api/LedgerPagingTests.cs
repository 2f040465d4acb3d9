using System.Net.Http.Json;
using Billing.Api;
using Billing.Data;
using Billing.Tests.Infrastructure;
using Messaging.Testing;

namespace Billing.Tests.Api;

public sealed class LedgerPagingTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task The_ledger_reads_page_by_page_newest_first_without_gaps_or_repeats()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 4, ct);
        for (var i = 0; i < 3; i++)
        {
            var turn = Ids.Turn();
            await host.ReserveAsync(workspace, turn, ct);
            (await host.SettleAsync(turn, i == 0 ? "release" : "commit", ct)).Dispose();
        }
        var client = host.CreateClient();

        var pages = new List<LedgerPageResponse>();
        long? before = null;
        do
        {
            var page = await client.GetFromJsonAsync<LedgerPageResponse>(
                $"/api/credits/workspaces/{workspace}/ledger?limit=3" + (before is { } b ? $"&before={b}" : ""), BillingHost.Json, ct);
            pages.Add(page!);
            before = page!.NextBefore;
        }
        while (before is not null);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Entries.Count));
        var ids = pages.SelectMany(p => p.Entries).Select(e => e.Id).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(7, ids.Distinct().Count());
        Assert.Equal(LedgerEntryKind.Grant, pages[^1].Entries[^1].Kind);
        Assert.Equal(2, pages[0].Entries[0].AvailableAfter);
    }
}
