using System.Net;
using System.Net.Http.Json;
using Billing.Api;
using Billing.Data;
using Billing.Ledger;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;

namespace Billing.Tests.Ledger;

public sealed class IdempotencyTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    BillingHost _host = null!;

    public async ValueTask InitializeAsync() => _host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_replayed_reservation_answers_already_reserved_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();
        var turn = Ids.Turn();
        await _host.GrantAsync(workspace, 5, ct);

        var first = await _host.ReserveAsync(workspace, turn, ct);
        var entriesAfterFirst = await LedgerCountAsync(workspace);
        var replay = await _host.ReserveAsync(workspace, turn, ct);

        Assert.Equal(ReservationOutcome.Reserved, first.Outcome);
        Assert.Equal(ReservationOutcome.AlreadyReserved, replay.Outcome);
        Assert.Equal(first.ExpiresAt, replay.ExpiresAt);
        Assert.Equal(entriesAfterFirst, await LedgerCountAsync(workspace));
        var balance = await _host.BalanceAsync(workspace, ct);
        Assert.Equal((4, 1), (balance.Available, balance.Reserved));
    }

    [Fact]
    public async Task A_replayed_commit_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();
        var turn = Ids.Turn();
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);

        var first = await SettleAsync(turn, "commit");
        var entries = await LedgerCountAsync(workspace);
        var replay = await SettleAsync(turn, "commit");

        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal(ReservationState.Committed, replay.State);
        Assert.Equal(entries, await LedgerCountAsync(workspace));
        var balance = await _host.BalanceAsync(workspace, ct);
        Assert.Equal((4, 0), (balance.Available, balance.Reserved));
    }

    [Fact]
    public async Task A_replayed_release_changes_nothing_and_a_later_commit_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();
        var turn = Ids.Turn();
        await _host.GrantAsync(workspace, 5, ct);
        await _host.ReserveAsync(workspace, turn, ct);

        var first = await SettleAsync(turn, "release");
        var entries = await LedgerCountAsync(workspace);
        var replay = await SettleAsync(turn, "release");
        using var commit = await _host.SettleAsync(turn, "commit", ct);

        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal(HttpStatusCode.Conflict, commit.StatusCode);
        Assert.Equal("application/problem+json", commit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(entries, await LedgerCountAsync(workspace));
        var balance = await _host.BalanceAsync(workspace, ct);
        Assert.Equal((5, 0), (balance.Available, balance.Reserved));
    }

    [Fact]
    public async Task Settling_an_unknown_turn_answers_not_found()
    {
        using var response = await _host.SettleAsync(Ids.Turn(), "commit", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_replayed_grant_returns_the_original_entry_and_a_reused_key_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();
        var client = _host.CreateClient();

        var first = await _host.GrantAsync(workspace, 7, ct, key: "grant-1");
        var replay = await _host.GrantAsync(workspace, 7, ct, key: "grant-1");
        using var reused = await client.PostAsJsonAsync($"/api/credits/workspaces/{workspace}/grants",
            new GrantRequest(70, "tests", "typo fixed", "grant-1"), BillingHost.Json, ct);

        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal(first.EntryId, replay.EntryId);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal(7, (await _host.BalanceAsync(workspace, ct)).Available);
        Assert.Equal(1, await LedgerCountAsync(workspace));
    }

    [Fact]
    public async Task The_same_turn_id_cannot_reserve_in_two_workspaces()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Ids.Workspace(), Ids.Workspace());
        var turn = Ids.Turn();
        await _host.GrantAsync(a, 1, ct);
        await _host.GrantAsync(b, 1, ct);
        await _host.ReserveAsync(a, turn, ct);

        using var response = await _host.CreateClient().PostAsJsonAsync("/api/credits/reservations", new ReserveRequest(b, turn, null), BillingHost.Json, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, (await _host.BalanceAsync(b, ct)).Available);
    }

    [Fact]
    public async Task The_ledger_refuses_updates_and_deletes()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();
        await _host.GrantAsync(workspace, 3, ct);

        await Assert.ThrowsAnyAsync<Exception>(() => _host.DbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE billing.ledger_entries SET available_delta = 1000 WHERE workspace_id = {workspace}", ct)));
        await Assert.ThrowsAnyAsync<Exception>(() => _host.DbAsync(db =>
            db.Database.ExecuteSqlAsync($"DELETE FROM billing.ledger_entries WHERE workspace_id = {workspace}", ct)));
        await _host.AssertLedgerMatchesBalancesAsync(ct);
    }

    async Task<SettlementResponse> SettleAsync(string turn, string action)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await _host.SettleAsync(turn, action, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SettlementResponse>(BillingHost.Json, ct))!;
    }

    Task<int> LedgerCountAsync(string workspace) =>
        _host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.WorkspaceId == workspace, TestContext.Current.CancellationToken));
}
