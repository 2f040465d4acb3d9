using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;

namespace Agent.Tests.Turns;

public sealed class ReplyRulesTests(AgentHost host)
{
    [Fact]
    public async Task A_keyword_rule_sends_its_canned_text_quoting_the_message_and_marks_it_read()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([FakeTenancy.Keyword("Prices", "Coffee is **3 EUR**.", KeywordMode.WholeWord, "prices")]));

        var inbound = await scenario.SendAsync("What are your prices?");

        var send = Assert.Single(await scenario.WaitForSendsAsync(1));
        Assert.Equal("Coffee is *3 EUR*.", send.Text);
        Assert.Equal(inbound.ProviderMessageId, send.QuotedMessageId);
        Assert.Equal(scenario.Customer, send.Body["to"]!.GetValue<string>());
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
        Assert.False(turn.CreditReserved);
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.RuleMatched && e.Detail!.Contains("Prices", StringComparison.Ordinal));
        Assert.Equal(TurnOutcome.Replied, (await Eventually.ReturnsAsync(() => host.Completed.Find(turn.Id), e => e is not null, "turn:completed"))!.Outcome);

        var messages = await scenario.MessagesAsync();
        Assert.Equal([MessageDirections.Inbound, MessageDirections.Outbound], messages.Select(m => m.Direction));
        Assert.Equal("What are your prices?", messages[0].Body);
        Assert.Equal(send.MessageId, messages[1].ProviderMessageId);
        Assert.Equal(DeliveryStates.Sent, messages[1].DeliveryState);
    }

    [Fact]
    public async Task A_semantic_rule_answers_a_message_near_its_intent()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([
            FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "prices"),
            FakeTenancy.Semantic("Booking", "book a table reservation booking", 0.35, new CannedResponse("Tables can be booked by phone.")),
        ]));

        await scenario.SendAsync("Can I make a booking for a table?");

        Assert.Equal("Tables can be booked by phone.", Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
    }

    [Fact]
    public async Task A_message_no_rule_matches_gets_the_default_rule()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace(
            [FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "prices")],
            new ReplyRule("default", "Default", null, new CannedResponse("Someone will answer soon."))));

        await scenario.SendAsync("Hello there");

        Assert.Equal("Someone will answer soon.", Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.RuleMatched && e.Detail!.Contains("default rule", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_master_switch_off_stores_the_message_and_sends_nothing_with_the_reason()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "prices")], enabled: false));

        await scenario.SendAsync("prices?");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.NoReply, turn.Outcome);
        Assert.Equal(TurnDecider.SwitchedOffReason, turn.Reason);
        Assert.Empty(scenario.Sends);
        Assert.Single(await scenario.MessagesAsync());
    }

    [Fact]
    public async Task The_same_inbound_event_delivered_twice_gets_one_reply()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        var message = scenario.Message("hello");

        await host.PublishAsync(Messaging.Contracts.StreamNames.Inbound, message);
        await host.PublishAsync(Messaging.Contracts.StreamNames.Inbound, message);
        await scenario.WaitForTurnsAsync(1);
        await scenario.SendAsync("a later message");
        await scenario.WaitForSendsAsync(2);
        await scenario.WaitForTurnsAsync(2);

        Assert.Equal(2, scenario.Sends.Count);
        Assert.Equal(2, (await scenario.TurnsAsync()).Count);
        Assert.Equal(2, (await scenario.MessagesAsync()).Count(m => m.Direction == MessageDirections.Inbound));
    }

    [Fact]
    public async Task An_inbound_event_delivered_again_after_its_conversation_was_closed_leaves_it_closed()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        var message = scenario.Message("hello");
        await host.PublishAsync(Messaging.Contracts.StreamNames.Inbound, message);
        await scenario.WaitForTurnsAsync(1);
        await using (var db = host.CreateDbContext())
        {
            await db.Conversations.Where(c => c.ChannelId == scenario.ChannelId)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.State, ConversationStates.Closed), TestContext.Current.CancellationToken);
        }
        var closed = await scenario.ConversationAsync();

        var again = await host.PublishAsync(Messaging.Contracts.StreamNames.Inbound, message);
        await host.WaitUntilHandledAsync(Messaging.Contracts.StreamNames.Inbound, Messaging.Contracts.ConsumerGroups.Agent, again);

        var conversation = await scenario.ConversationAsync();
        Assert.Equal(ConversationStates.Closed, conversation.State);
        Assert.Equal(closed.LastMessageAt, conversation.LastMessageAt);
        Assert.Single(await scenario.TurnsAsync());
        Assert.Single(scenario.Sends);
    }
}
