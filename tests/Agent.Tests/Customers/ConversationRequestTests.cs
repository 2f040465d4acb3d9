using System.Net.Http.Json;
using Agent.Ai.Languages;
using Agent.Conversations;
using Messaging.Contracts.Operators;
using Agent.Tests.Infrastructure;
using Agent.Turns;

namespace Agent.Tests.Customers;

/// <summary>Opt-out and back, a yes to the bot's offer of a person, and personal-data requests: decided before any rule, canned and free.</summary>
public sealed class ConversationRequestTests(AgentHost host)
{
    static readonly string[] PortugueseFirst = ["pt", "en"];
    static readonly string[] English = ["en"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("STOP")]
    [InlineData("Unsubscribe")]
    [InlineData("stop messaging me!")]
    public async Task Opt_out_gets_one_confirmation_and_nothing_automated_until_start(string stop)
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync(stop);
        Assert.Equal(OptOuts.Confirmation(English), Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        var contact = (await scenario.ConversationAsync()).Contact!;
        Assert.NotNull(contact.OptedOutAt);

        await scenario.SendAsync("What time do you open?");
        var turns = await scenario.WaitForTurnsAsync(2);
        Assert.Equal(OptOuts.OptedOutReason, turns[1].Reason);
        Assert.Single(scenario.Sends);
        var summary = await host.Http.GetFromJsonAsync<ConversationSummary>($"/api/agent/conversations/{(await scenario.ConversationAsync()).Id}", Ct);
        Assert.True(summary!.Contact.OptedOut);
        Assert.Equal(stop, summary.Contact.OptOutText);

        await scenario.SendAsync("START");
        Assert.Equal(OptOuts.Welcome(English), (await scenario.WaitForSendsAsync(2))[1].Text);
        await scenario.SendAsync("What time do you open?");
        Assert.Contains("8:00", (await scenario.WaitForSendsAsync(3))[2].Text, StringComparison.Ordinal);
        Assert.Null((await scenario.ConversationAsync()).Contact!.OptedOutAt);
    }

    [Fact]
    public async Task Opt_out_is_understood_in_the_workspace_languages_and_confirmed_in_its_first_one()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        using (var put = await host.Http.PutAsJsonAsync($"/api/agent/workspaces/{scenario.WorkspaceId}/policy", new { languages = PortugueseFirst }, Ct))
        {
            put.EnsureSuccessStatusCode();
        }

        await scenario.SendAsync("Parar");

        Assert.Equal(OptOuts.Confirmation(PortugueseFirst), Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        Assert.NotNull((await scenario.ConversationAsync()).Contact!.OptedOutAt);
    }

    [Theory]
    [InlineData(new[] { "pt" }, "I want to speak to a person", "pt")]
    [InlineData(new[] { "es", "en" }, "Por favor, borra mis datos", "es")]
    [InlineData(new[] { "fr", "nl" }, "Verwijder mijn gegevens", "fr")]
    public async Task Hand_offs_answer_in_the_customers_language_when_the_workspace_serves_it_else_in_its_first(string[] languages, string message, string expected)
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        using (var put = await host.Http.PutAsJsonAsync($"/api/agent/workspaces/{scenario.WorkspaceId}/policy", new { languages }, Ct))
        {
            put.EnsureSuccessStatusCode();
        }

        await scenario.SendAsync(message);

        var texts = CustomerTexts.For([expected]);
        Assert.Contains(Assert.Single(await scenario.WaitForSendsAsync(1)).Text, new[] { texts.Handoff, texts.DataRequest });
        Assert.Equal(ConversationStates.NeedsHuman, (await scenario.ConversationAsync()).State);
    }

    [Fact]
    public async Task A_sentence_that_only_contains_stop_opts_nobody_out()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("I can't stop thinking about your banana bread, how much is it?");

        Assert.NotEqual(OptOuts.Confirmation(English), Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        Assert.Null((await scenario.ConversationAsync()).Contact!.OptedOutAt);
    }

    [Fact]
    public async Task Yes_to_the_bots_offer_of_a_person_hands_over_once_and_costs_no_second_credit()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("Do you do catering for weddings?");
        var offer = Assert.Single(await scenario.WaitForSendsAsync(1)).Text ?? "";
        Assert.True(CustomerRequests.OffersHandoff(offer), offer);
        await scenario.SendAsync("yes please, ask someone from the team");
        Assert.Equal(CustomerRequestTurn.HandoffReply, (await scenario.WaitForSendsAsync(2))[1].Text);

        var turns = await scenario.WaitForTurnsAsync(2);
        Assert.True(host.Billing.IsReserved(turns[0].Id));
        Assert.False(turns[1].UsedAi);
        Assert.False(host.Billing.IsReserved(turns[1].Id));
        var conversation = await scenario.ConversationAsync();
        Assert.Equal(ConversationStates.NeedsHuman, conversation.State);
        Assert.Equal(turns[1].Id, conversation.HandoffTurnId);

        await scenario.SendAsync("yes");
        var quiet = await scenario.WaitForTurnsAsync(3);
        Assert.Equal(InboundHandler.HumanHandlesReason, quiet[2].Reason);
        Assert.Equal(2, scenario.Sends.Count);
    }

    [Fact]
    public async Task Yes_without_an_offer_is_an_ordinary_message()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("yes");

        await scenario.WaitForSendsAsync(1);
        Assert.Equal(ConversationStates.Bot, (await scenario.ConversationAsync()).State);
    }

    [Fact]
    public async Task A_personal_data_request_goes_to_an_operator_with_the_reason()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("Please delete my data");

        Assert.Equal(CustomerRequestTurn.DataRequestReply, Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        var conversation = await scenario.ConversationAsync();
        Assert.Equal(ConversationStates.NeedsHuman, conversation.State);
        Assert.Contains("personal data", conversation.HandoffReason, StringComparison.Ordinal);
        Assert.Contains("delete my data", conversation.HandoffReason, StringComparison.Ordinal);
    }
}
