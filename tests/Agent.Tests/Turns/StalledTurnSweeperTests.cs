using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Turns;

public sealed class StalledTurnSweeperTests(AgentHost host)
{
    // The host also fails any query that limits rows without an order: such a sweep would pick
    // arbitrary conversations from a backlog larger than one batch.
    [Fact]
    public async Task A_turn_left_pending_without_a_schedule_is_scheduled_again_and_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));

        // What a replica that crashed mid-turn leaves behind: pending in PostgreSQL, gone from the Redis schedule.
        await using (var db = host.CreateDbContext())
        {
            await db.Turns.Where(t => t.Id == turn.Id).ExecuteUpdateAsync(set => set
                .SetProperty(t => t.State, TurnStates.Pending)
                .SetProperty(t => t.DueAt, DateTimeOffset.UtcNow.AddHours(-1)), ct);
        }
        await host.Services.GetRequiredService<StalledTurnSweeper>().SweepAsync(ct);

        await Eventually.ReturnsAsync(async () =>
            {
                await using var db = host.CreateDbContext();
                return await db.Turns.AsNoTracking().Where(t => t.Id == turn.Id).Select(t => t.State).SingleAsync(ct);
            },
            state => state != TurnStates.Pending,
            "the stalled turn ran again");
    }
}
