using Agent.Conversations;
using Agent.Tests.Customers;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Contracts;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Agent.Tests.Turns;

/// <summary>
/// The scheduler runs a turn only while its conversation's lock is held: a turn whose lease is
/// lost (it expired and another replica took it) is cancelled before it sends, and its pending
/// turn is left for whoever holds the lock next.
/// </summary>
public sealed class LostLockTests(AgentHost host)
{
    [Fact]
    public async Task A_turn_that_loses_its_conversation_lock_stops_before_it_sends()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        var hold = host.Billing.Hold(scenario.WorkspaceId);
        try
        {
            await scenario.SendAsync("Do you have vegan options?");
            // The AI turn waits on its credit reservation, under the conversation's lock.
            await Eventually.ReturnsAsync(() => hold.Waiting, waiting => waiting == 1, "the turn waiting on Billing");
            var conversation = await scenario.ConversationAsync();

            // What the holder finds at its next renewal after an expiry: the key with another replica's token.
            var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
            await redis.StringSetAsync(ConversationLocks.KeyFor(conversation.Id), "another-replica", TimeSpan.FromMinutes(2));

            // The turn's end: its reservation call is cancelled with it, though Billing never answered.
            await Eventually.ReturnsAsync(() => hold.Waiting, waiting => waiting == 0, "the turn cancelled when its lease was lost", TimeSpan.FromSeconds(60));
        }
        finally
        {
            hold.Release();
        }

        // Whatever the stopped turn had queued would be on msg:outbound by now; the delivery group has handled all of it.
        await host.WaitUntilAllHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery);
        Assert.Empty(scenario.Sends);
        Assert.DoesNotContain(await scenario.MessagesAsync(), m => m.Direction == MessageDirections.Outbound);
        var turn = Assert.Single(await scenario.TurnsAsync());
        Assert.Equal(TurnStates.Pending, turn.State);
        Assert.False(host.Billing.IsReserved(turn.Id));
    }
}
