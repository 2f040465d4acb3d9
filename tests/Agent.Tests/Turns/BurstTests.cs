using Agent.Conversations;
using Agent.Tests.Infrastructure;

namespace Agent.Tests.Turns;

public sealed class BurstTests(AgentHost host)
{
    [Fact]
    public async Task Three_messages_within_wait_seconds_get_one_reply()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], waitSeconds: 3));

        await scenario.SendAsync("Hi");
        await scenario.SendAsync("I have a question");
        await scenario.SendAsync("about parking");

        var turns = await scenario.WaitForTurnsAsync(3);
        Assert.Single(await scenario.WaitForSendsAsync(1));
        var answering = Assert.Single(turns, t => t.State == TurnStates.Completed);
        Assert.All(turns.Where(t => t != answering), t =>
        {
            Assert.Equal(TurnStates.Joined, t.State);
            Assert.Equal(answering.Id, t.JoinedTurnId);
        });
        Assert.Single(scenario.Sends);
    }
}
