using System.Net;
using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace Agent.Tests.Delivery;

/// <summary>
/// A delivery that recorded a refused send and stopped before it completed its turn (a crash, a
/// lost connection) is delivered again from its unacknowledged entry: it ends the way the first
/// one would have, never as a reply nobody received, and sends nothing twice.
/// </summary>
public sealed class RedeliveredOutboundTests(AgentHost host)
{
    [Fact]
    public async Task A_refused_reply_delivered_again_ends_its_turn_failed_with_the_reason_and_is_not_sent_again()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.BadRequest, 131026, "Message undeliverable");
        await scenario.SendAsync("hello");
        var first = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Failed, first.Outcome);

        await RedeliverAsStoppedBeforeCompletionAsync(scenario, first.Id);

        var turn = Assert.Single(await scenario.TurnsAsync());
        Assert.Equal(TurnStates.Completed, turn.State);
        Assert.Equal(TurnOutcomes.Failed, turn.Outcome);
        Assert.Equal(first.Reason, turn.Reason);
        Assert.Single(scenario.Sends);
    }

    [Fact]
    public async Task A_reply_refused_for_the_closed_window_delivered_again_before_its_template_went_sends_the_template()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: [DeliveryTests.Reengage]));
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.BadRequest, 131047, "Re-engagement message");
        await scenario.SendAsync("hello");
        var first = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Replied, first.Outcome);
        // The first delivery as it stood when it stopped: the text refused, the template not begun.
        await using (var db = host.CreateDbContext())
        {
            await db.Messages.Where(m => m.TurnId == first.Id && m.Kind == "template").ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        }

        await RedeliverAsStoppedBeforeCompletionAsync(scenario, first.Id);

        var turn = Assert.Single(await scenario.TurnsAsync());
        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
        Assert.Equal(["reengage", "reengage"], scenario.Sends.Where(s => s.MessageId is not null).Select(s => s.TemplateName));
        Assert.Contains(await scenario.MessagesAsync(), m => m.Kind == "template" && m.DeliveryState == DeliveryStates.Sent);
    }

    /// <summary>
    /// What the stream hands the next consumer after a delivery stopped between recording its send and
    /// completing its turn: the turn still open, the same request again (same outbound id).
    /// </summary>
    async Task RedeliverAsStoppedBeforeCompletionAsync(Scenario scenario, string turnId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = host.CreateDbContext();
        var reply = await db.Messages.AsNoTracking().SingleAsync(m => m.TurnId == turnId && m.Kind == "text" && m.PartIndex == 0, ct);
        await db.Turns.Where(t => t.Id == turnId).ExecuteUpdateAsync(t => t
            .SetProperty(x => x.State, TurnStates.Replying)
            .SetProperty(x => x.Outcome, (string?)null)
            .SetProperty(x => x.Reason, (string?)null)
            .SetProperty(x => x.CompletedAt, (DateTimeOffset?)null), ct);
        var entry = await host.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            reply.OutboundId!, scenario.WorkspaceId, scenario.ChannelId, reply.ConversationId.ToString(), scenario.Customer,
            "Thanks for your message.", MessageAuthor.Bot, null, turnId, null, DateTimeOffset.UtcNow));
        await host.WaitUntilHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery, entry);
    }
}
