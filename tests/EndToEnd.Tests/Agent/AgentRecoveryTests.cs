using EndToEnd.Tests.Infrastructure;
using Messaging.Contracts;
using Agent.Tests.Ai;

namespace EndToEnd.Tests.Agent;

/// <summary>At-least-once delivery and crashes never produce a second reply or a lost one.</summary>
[Collection(FaultedProduct.Name)]
public sealed class AgentRecoveryTests(RunningApp running) : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    ScriptedOpenAiServer _ai = null!;

    public async ValueTask InitializeAsync() => _ai = await ScriptedOpenAiServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _ai.DisposeAsync();

    [Fact]
    public async Task The_same_inbound_event_delivered_twice_gets_one_reply()
    {
        var scenario = await AgentScenario.CreateAsync(running, [AgentScenario.Canned("second", "second", "The second answer.")], AgentScenario.CannedDefault("Only once."));
        var messageId = await scenario.CustomerSaysAsync("hello");
        await scenario.WaitForSentAsync(1, "the reply");

        // Redeliver the very entry Ingest appended, as at-least-once delivery may.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(running.App.GetConnectionString("redis"));
        var entry = (await redis.GetDatabase().StreamRangeAsync(StreamNames.Inbound))
            .Single(e => ((string?)e["payload"])!.Contains(messageId, StringComparison.Ordinal));
        await redis.GetDatabase().StreamAddAsync(StreamNames.Inbound, entry.Values);
        await scenario.CustomerSaysAsync("second message");

        // A conversation's turns and its replies go in order, so a reply to the redelivered
        // entry would be sent before the answer to the message that followed it.
        await Eventually.ReturnsAsync(scenario.SentAsync, sent => sent.Contains("The second answer."), "the answer to the second message");
        Assert.Equal(["Only once.", "The second answer."], await scenario.SentAsync());
        Assert.Equal(2, (await scenario.WaitForCompletedTurnsAsync(2)).Count);
    }

    [Fact]
    public async Task An_agent_killed_mid_turn_completes_the_turn_once_after_restart()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.AiDefault(), _ai, credits: 5);
        _ai.EnqueueText("This answer never arrives.", delay: TimeSpan.FromSeconds(30));
        _ai.EnqueueText("Here is your answer.");
        _ai.EnqueueText("Anything else?");

        await scenario.CustomerSaysAsync("What do you recommend?");
        await Eventually.ReturnsAsync(() => Task.FromResult(_ai.ChatRequests.Count), n => n >= 1, "generation started");
        var killed = running.App.Pid("agent")!.Value;
        await running.App.KillAsync("agent");
        await running.App.WaitForRestartAsync("agent", killed, Ct);

        Assert.Equal(["Here is your answer."], await scenario.WaitForSentAsync(1, "the turn completed after the restart"));
        var turns = await scenario.WaitForCompletedTurnsAsync(1);
        Assert.Single(turns);
        await Eventually.ReturnsAsync(scenario.AvailableCreditsAsync, c => c == 4, "exactly one credit spent");
        // Replies of a conversation go in order: a second copy of the recovered turn's reply
        // would be sent before the answer to the next message.
        await scenario.CustomerSaysAsync("Thanks!");
        Assert.Equal(["Here is your answer.", "Anything else?"], await scenario.WaitForSentAsync(2, "the answer to the next message"));
    }
}
