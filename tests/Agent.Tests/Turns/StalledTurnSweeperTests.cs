using Agent.Tests.Infrastructure;
using Agent.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Turns;

public sealed class StalledTurnSweeperTests(AgentHost host)
{
    // The host fails any query that limits rows without an order: such a sweep would pick
    // arbitrary conversations from a backlog larger than one batch.
    [Fact]
    public async Task The_sweep_query_limits_an_ordered_backlog()
    {
        var swept = await host.Services.GetRequiredService<StalledTurnSweeper>().SweepAsync(TestContext.Current.CancellationToken);

        Assert.True(swept >= 0);
    }
}
