using System.Net.Http.Json;
using Billing.Api;
using Billing.Data;
using Billing.Expiry;
using Billing.Ledger;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Tests.Ledger;

/// <summary>
/// Random operations from parallel callers, with duplicates (replays and concurrent twins),
/// expiries and service restarts, then the books are audited. 2,400 by default, enough for every
/// path to be taken many times; BILLING_RANDOMIZED_OPERATIONS asks for a longer run.
/// </summary>
public sealed class RandomizedRunTests(PostgresFixture postgres, RedisFixture redis)
{
    static readonly int Operations = int.TryParse(Environment.GetEnvironmentVariable("BILLING_RANDOMIZED_OPERATIONS"), out var asked) && asked > 0 ? asked : 2_400;
    const int Restarts = 3;
    const int Callers = 8;

    [Fact]
    public async Task After_thousands_of_operations_with_duplicates_and_restarts_the_books_balance()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Environment.TickCount;
        TestContext.Current.SendDiagnosticMessage($"seed {seed}");
        var database = await BillingDatabase.CreateAsync(postgres, redis);
        var clock = new ShiftedClock();
        var settings = new Dictionary<string, string?> { ["Billing:ReservationTimeout"] = "00:05:00" };
        var run = new Run(Enumerable.Range(0, 4).Select(_ => Ids.Workspace()).ToArray());

        var perLife = Operations / (Restarts + 1);
        for (var life = 0; life <= Restarts; life++)
        {
            await using var host = new BillingHost(database, clock, settings);
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller =>
                CallAsync(host, run, new Random(seed + (life * Callers) + caller), perLife / Callers, ct)));
            await host.AssertLedgerMatchesBalancesAsync(ct);
        }

        await using var audit = new BillingHost(database, clock, settings);
        await audit.AssertLedgerMatchesBalancesAsync(ct);
        await audit.DbAsync(async db =>
        {
            var entries = await db.LedgerEntries.GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            Assert.Equal(run.Reserved, entries.GetValueOrDefault(LedgerEntryKind.Reserve));
            Assert.Equal(run.Committed, entries.GetValueOrDefault(LedgerEntryKind.Commit));
            Assert.Equal(run.Released, entries.GetValueOrDefault(LedgerEntryKind.Release));
            Assert.Equal(run.Expired, entries.GetValueOrDefault(LedgerEntryKind.Expire));
            Assert.Equal(run.Changed, entries.GetValueOrDefault(LedgerEntryKind.Grant) + entries.GetValueOrDefault(LedgerEntryKind.Adjustment));

            var settledTwice = await db.LedgerEntries
                .Where(e => e.Kind == LedgerEntryKind.Commit || e.Kind == LedgerEntryKind.Release || e.Kind == LedgerEntryKind.Expire)
                .GroupBy(e => e.TurnId)
                .CountAsync(g => g.Count() > 1, ct);
            Assert.Equal(0, settledTwice);
            var settledWithoutEntry = await db.Reservations
                .Where(r => r.State != ReservationState.Reserved)
                .CountAsync(r => !db.LedgerEntries.Any(e => e.TurnId == r.TurnId && e.Kind != LedgerEntryKind.Reserve), ct);
            Assert.Equal(0, settledWithoutEntry);
            return true;
        });
        Assert.True(run.Reserved > Operations / 12 && run.Committed > Operations / 100 && run.Released > Operations / 100 && run.Expired > 0 && run.Replays > Operations / 12,
            $"the run should exercise every path: {run}");
    }

    static async Task CallAsync(BillingHost host, Run run, Random random, int count, CancellationToken ct)
    {
        using var client = host.CreateClient();
        for (var i = 0; i < count; i++)
        {
            var workspace = run.Workspaces[random.Next(run.Workspaces.Length)];
            var roll = random.Next(100);
            switch (roll)
            {
                case < 30:
                    var turn = Ids.Turn();
                    run.Record(await host.ReserveAsync(workspace, turn, ct, client), turn);
                    break;
                case < 35:
                    // Twins: the same new turn reserved twice at once.
                    var twin = Ids.Turn();
                    var both = await Task.WhenAll(host.ReserveAsync(workspace, twin, ct, client), host.ReserveAsync(workspace, twin, ct, client));
                    Assert.InRange(both.Count(r => r.Outcome == ReservationOutcome.Reserved), 0, 1);
                    foreach (var result in both)
                    {
                        run.Record(result, twin);
                    }
                    break;
                case < 45 when run.AnyTurn(random) is { } known:
                    var replay = await host.ReserveAsync(run.WorkspaceOf(known), known, ct, client);
                    Assert.Equal(ReservationOutcome.AlreadyReserved, replay.Outcome);
                    run.Replayed();
                    break;
                case < 75 when run.AnyTurn(random) is { } known:
                    var action = roll < 62 ? "commit" : "release";
                    using (var response = await host.SettleAsync(known, action, ct, client))
                    {
                        await run.RecordAsync(response, action);
                    }
                    break;
                case < 85:
                    var grant = run.GrantKey(random, workspace);
                    run.Record(await host.GrantAsync(grant.Workspace, grant.Credits, ct, grant.Key, client));
                    break;
                case < 90:
                    using (var response = await client.PostAsJsonAsync($"/api/credits/workspaces/{workspace}/adjustments",
                        new AdjustmentRequest(random.Next(2) == 0 ? -2 : 3, "tests", "correction", Guid.NewGuid().ToString("N")), BillingHost.Json, ct))
                    {
                        run.RecordAdjustment(response);
                    }
                    break;
                case < 92:
                    host.Clock.Advance(TimeSpan.FromMinutes(1));
                    break;
                case < 94:
                    run.Expire(await host.Services.GetRequiredService<ReservationExpirySweeper>().SweepAsync(ct));
                    break;
                default:
                    await host.BalanceAsync(workspace, ct, client);
                    break;
            }
        }
    }

    /// <summary>What the callers observed; the ledger must agree with it exactly.</summary>
    sealed class Run(string[] workspaces)
    {
        readonly Lock _gate = new();
        readonly List<(string Turn, string Workspace)> _turns = [];
        readonly List<(string Key, string Workspace, long Credits)> _grantKeys = [];
        int _reserved, _committed, _released, _expired, _changed, _replays;

        public string[] Workspaces => workspaces;
        public int Reserved => _reserved;
        public int Committed => _committed;
        public int Released => _released;
        public int Expired => _expired;
        public int Changed => _changed;
        public int Replays => _replays;

        public void Record(ReservationResponse response, string turn)
        {
            switch (response.Outcome)
            {
                case ReservationOutcome.Reserved:
                    Interlocked.Increment(ref _reserved);
                    lock (_gate)
                    {
                        _turns.Add((turn, response.WorkspaceId));
                    }
                    break;
                case ReservationOutcome.AlreadyReserved:
                    Replayed();
                    break;
            }
        }

        public async Task RecordAsync(HttpResponseMessage response, string action)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                return;
            }
            var settled = (await response.Content.ReadFromJsonAsync<SettlementResponse>(BillingHost.Json, TestContext.Current.CancellationToken))!;
            if (settled.Replayed)
            {
                Replayed();
            }
            else if (action == "commit")
            {
                Interlocked.Increment(ref _committed);
            }
            else
            {
                Interlocked.Increment(ref _released);
            }
        }

        public void Record(CreditChangeResponse response)
        {
            if (response.Replayed)
            {
                Replayed();
            }
            else
            {
                Interlocked.Increment(ref _changed);
            }
        }

        public void RecordAdjustment(HttpResponseMessage response)
        {
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _changed);
            }
            else
            {
                Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
            }
        }

        public void Replayed() => Interlocked.Increment(ref _replays);

        public void Expire(int count) => Interlocked.Add(ref _expired, count);

        public string? AnyTurn(Random random)
        {
            lock (_gate)
            {
                return _turns.Count == 0 ? null : _turns[random.Next(_turns.Count)].Turn;
            }
        }

        public string WorkspaceOf(string turn)
        {
            lock (_gate)
            {
                return _turns.First(t => t.Turn == turn).Workspace;
            }
        }

        /// <summary>A fresh key, or a known one to replay (the amount must match to count as a replay).</summary>
        public (string Key, string Workspace, long Credits) GrantKey(Random random, string workspace)
        {
            lock (_gate)
            {
                if (_grantKeys.Count > 0 && random.Next(3) == 0)
                {
                    return _grantKeys[random.Next(_grantKeys.Count)];
                }
                var key = (Guid.NewGuid().ToString("N"), workspace, (long)random.Next(1, 20));
                _grantKeys.Add(key);
                return key;
            }
        }

        public override string ToString() =>
            $"reserved {Reserved}, committed {Committed}, released {Released}, expired {Expired}, changed {Changed}, replays {Replays}";
    }
}
