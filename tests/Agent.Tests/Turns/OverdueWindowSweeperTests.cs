using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Agent.Tests.Turns;

public sealed class OverdueWindowSweeperTests(AgentHost host)
{
    // The test host never sweeps on its own (its interval is an hour): only the call below can run the turn.
    [Fact]
    public async Task A_window_whose_replica_died_before_its_timer_fired_is_closed_by_any_replica()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([FakeTenancy.Keyword("Hours", "We open at 9.", KeywordMode.WholeWord, "open")]));
        // Recorded as the dead replica's handler did; its turn's due time in PostgreSQL is an
        // hour ahead, so the stalled-turn sweep leaves it alone and only the schedule in Redis knows it is due.
        var recorded = await host.Services.GetRequiredService<InboundRecorder>()
            .RecordAsync(scenario.Message("are you open?"), RetentionMode.Full, TimeSpan.FromHours(1), ct);
        // What that replica left in Redis: the window's due time, longer ago than one sweep interval (the host's is an hour), and no timer anywhere.
        await host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase()
            .SortedSetAddAsync(TurnSchedule.DueKey, recorded.ConversationId.ToString("N"), DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds());

        var swept = await host.Services.GetRequiredService<OverdueWindowSweeper>().SweepAsync(ct);

        Assert.True(swept >= 1, "the sweep found no overdue window");
        var send = Assert.Single(await scenario.WaitForSendsAsync(1));
        Assert.Equal("We open at 9.", send.Text);
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
    }
}
