using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using System.Net.Http.Json;
using Messaging.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Customers;

/// <summary>What customers of a café get from the offline agent: bursts answered whole, safety questions never guessed, bookings within hours, leads kept, languages respected.</summary>
public sealed class BurstAndKnowledgeTests(AgentHost host)
{
    [Fact]
    public async Task A_burst_is_answered_once_and_addresses_every_question_in_it()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace(waitSeconds: 2));

        foreach (var message in new[] { "hi", "where are you located?", "and is there parking?" })
        {
            await scenario.SendAsync(message);
        }

        await scenario.WaitForTurnsAsync(3);
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains(Cafe.Address, reply, StringComparison.Ordinal);
        Assert.Contains("parking", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_four_message_burst_drops_none_of_its_questions()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace(waitSeconds: 2));

        foreach (var message in new[] { "hello", "do you have vegan options?", "how much is the avocado toast?", "is there parking?" })
        {
            await scenario.SendAsync(message);
        }

        await scenario.WaitForTurnsAsync(4);
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains("vegan", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("€11.50", reply, StringComparison.Ordinal);
        Assert.Contains("parking", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_burst_whose_credit_billing_could_not_reserve_answers_every_question_once_billing_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = Scenario.Create(host, Cafe.Workspace(waitSeconds: 2));
        var outage = host.Billing.Down(scenario.WorkspaceId);

        foreach (var message in new[] { "hello", "do you have vegan options?", "how much is the avocado toast?", "is there parking?" })
        {
            await scenario.SendAsync(message);
        }
        await Eventually.ReturnsAsync(() => Task.FromResult(outage.Refused), refused => refused > 0, "the reservation refused by Billing");
        // The earlier messages were joined into the last one before its reservation was refused: only that one is left pending.
        await Eventually.ReturnsAsync(scenario.TurnsAsync, turns => turns.Count == 4 && turns.Count(t => t.State == TurnStates.Joined) == 3, "three turns joined into the pending one");
        outage.End();
        // Billing is back; what the stalled-turn sweep finds once the turn has waited long enough.
        await using (var db = host.CreateDbContext())
        {
            await db.Turns.Where(t => t.ChannelId == scenario.ChannelId && t.State == TurnStates.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.DueAt, DateTimeOffset.UtcNow.AddHours(-1)), ct);
        }
        await host.Services.GetRequiredService<StalledTurnSweeper>().SweepAsync(ct);

        await scenario.WaitForTurnsAsync(4);
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains("vegan", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("€11.50", reply, StringComparison.Ordinal);
        Assert.Contains("parking", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_safety_question_finds_the_allergy_entry_and_offers_a_person_instead_of_guessing()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("I have a severe nut allergy, is the banana bread safe?");

        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains("cannot guarantee trace-free", reply, StringComparison.Ordinal);
        Assert.Contains("someone from our team", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("don't have that information", reply, StringComparison.Ordinal);
        Assert.NotNull((await scenario.ConversationAsync()).HandoffOfferedAt);
    }

    [Fact]
    public async Task A_booking_after_closing_is_not_accepted_and_the_nearest_open_times_are_offered()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("Can I book a table for 4 on Friday at 19:00?");

        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains("can't book for 4 people on Friday", reply, StringComparison.Ordinal);
        Assert.Contains("at 19:00", reply, StringComparison.Ordinal);
        Assert.Contains("Friday", reply, StringComparison.Ordinal);
        Assert.Contains("17:30", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Noted", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_within_hours_is_confirmed_with_the_details_understood()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("I'd like to reserve a table for 2 on Saturday at 10:30");

        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains("a booking for 2 people on Saturday", reply, StringComparison.Ordinal);
        Assert.Contains("at 10:30", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_lead_in_the_same_conversation_keeps_the_first_and_search_finds_both()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        var ct = TestContext.Current.CancellationToken;

        await scenario.SendAsync("I'm Ana, ana@example.com, do you have vegan options?");
        await scenario.WaitForSendsAsync(1);
        await scenario.SendAsync("And how much is the shakshuka? ana@example.com");
        await scenario.WaitForSendsAsync(2);

        await using var db = host.CreateDbContext();
        var conversation = await scenario.ConversationAsync();
        var leads = db.Leads.Where(l => l.ConversationId == conversation.Id).OrderBy(l => l.Id).ToList();
        Assert.Equal(2, leads.Count);
        Assert.Contains("vegan", leads[0].Interest, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("shakshuka", leads[1].Interest, StringComparison.OrdinalIgnoreCase);
        var page = await host.Http.GetFromJsonAsync<Messaging.Contracts.Operators.LeadPage>($"/api/agent/leads?workspaceId={scenario.WorkspaceId}&search=ana@example", ct);
        Assert.Equal(2, page!.Leads.Count);
        var conversations = await host.Http.GetFromJsonAsync<Messaging.Contracts.Operators.ConversationPage>($"/api/agent/conversations?workspaceId={scenario.WorkspaceId}&search=shakshuka", ct);
        Assert.Equal(conversation.Id, Assert.Single(conversations!.Conversations).Id);
    }

    [Theory]
    [InlineData("هل لديكم خيارات نباتية؟", "Arabic")]
    [InlineData("你们有素食吗？", "Chinese")]
    public async Task Offline_a_question_in_another_language_gets_the_workspace_language_and_a_person_never_an_unrelated_answer(string question, string language)
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync(question);

        var reply = Assert.Single(await scenario.WaitForSendsAsync(1)).Text;
        Assert.Contains("I can only answer in English here", reply, StringComparison.Ordinal);
        Assert.Contains(language, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("don't have", reply, StringComparison.Ordinal);
        var conversation = await scenario.ConversationAsync();
        Assert.Equal(ConversationStates.NeedsHuman, conversation.State);
        Assert.Contains(language, conversation.HandoffReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactions_and_system_notices_are_recorded_and_never_answered()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await host.PublishAsync(StreamNames.Inbound, scenario.Message("👍", kind: "reaction"));
        await host.PublishAsync(StreamNames.Inbound, scenario.Message("User A changed their phone number to a new number", kind: "system"));
        var turns = await scenario.WaitForTurnsAsync(2);

        Assert.All(turns, turn => Assert.Equal(Agent.Turns.TurnDecider.ReactionReason, turn.Reason));
        Assert.Empty(scenario.Sends);
        Assert.Equal(2, (await scenario.MessagesAsync()).Count(m => m.Direction == MessageDirections.Inbound));
        Assert.Null((await scenario.ConversationAsync()).UnansweredAt);
    }
}
