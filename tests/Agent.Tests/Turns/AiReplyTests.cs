using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Turns;

public sealed class AiReplyTests(AgentHost host)
{
    static ReplyRule AiDefault => new("default", "Default", null, new AiResponse("Answer questions about the café."));

    [Fact]
    public async Task An_ai_rule_reserves_a_credit_and_the_offline_responder_answers_from_knowledge()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], AiDefault));

        await scenario.SendAsync("What are your opening hours?");

        var send = Assert.Single(await scenario.WaitForSendsAsync(1));
        Assert.False(string.IsNullOrWhiteSpace(send.Text));
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.True(turn.UsedAi);
        Assert.True(turn.CreditReserved);
        Assert.True(host.Billing.IsReserved(turn.Id));
        var timeline = await scenario.TimelineAsync(turn.Id);
        Assert.Contains(timeline, e => e.Kind == TurnEventKinds.CreditReserved);
        Assert.Contains(timeline, e => e.Kind == TurnEventKinds.Generated);
        var completed = await Eventually.ReturnsAsync(() => host.Completed.Find(turn.Id), e => e is not null, "turn:completed");
        Assert.Equal(TurnOutcome.Replied, completed!.Outcome);
        Assert.True(completed.CreditReserved);
        Assert.Contains(host.Provider.Reads(scenario.PhoneNumberId), r => r.Body["typing_indicator"] is not null);
    }

    [Fact]
    public async Task At_zero_credits_the_ai_rule_stays_silent_and_canned_rules_still_answer()
    {
        var workspace = FakeTenancy.Workspace([FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "prices")], AiDefault);
        var scenario = Scenario.Create(host, workspace);
        host.Billing.SetCredits(workspace.Id, 0);

        await scenario.SendAsync("Tell me about you");
        var silent = Assert.Single(await scenario.WaitForTurnsAsync(1));
        await scenario.SendAsync("prices?");

        Assert.Equal("Coffee is 3 EUR.", Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        Assert.Equal(TurnOutcomes.NoReply, silent.Outcome);
        Assert.Equal(AiTurn.NoCreditsReason, silent.Reason);
        Assert.Contains(await scenario.TimelineAsync(silent.Id), e => e.Kind == TurnEventKinds.CreditDenied);
        Assert.Equal(2, (await scenario.MessagesAsync()).Count(m => m.Direction == MessageDirections.Inbound));
    }

    [Fact]
    public async Task A_turn_whose_credit_billing_could_not_reserve_stays_pending_and_answers_once_billing_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = FakeTenancy.Workspace([], AiDefault);
        var scenario = Scenario.Create(host, workspace);
        var outage = host.Billing.Down(workspace.Id);

        await scenario.SendAsync("What are your opening hours?");
        await Eventually.ReturnsAsync(() => Task.FromResult(outage.Refused), refused => refused > 0, "the reservation refused by Billing");
        outage.End();
        // Billing is back; what the stalled-turn sweep finds once the turn has waited long enough.
        var turn = Assert.Single(await Eventually.ReturnsAsync(scenario.TurnsAsync, turns => turns.Count == 1, "the turn recorded"));
        await using (var db = host.CreateDbContext())
        {
            await db.Turns.Where(t => t.Id == turn.Id && t.State == TurnStates.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.DueAt, DateTimeOffset.UtcNow.AddHours(-1)), ct);
        }
        await host.Services.GetRequiredService<StalledTurnSweeper>().SweepAsync(ct);

        Assert.Single(await scenario.WaitForSendsAsync(1));
        var completed = await Eventually.ReturnsAsync(() => host.Completed.Find(turn.Id), e => e is not null, "turn:completed");
        Assert.Equal(TurnOutcome.Replied, completed!.Outcome);
        Assert.True(completed.CreditReserved);
        Assert.True(host.Billing.IsReserved(turn.Id));
    }

    [Fact]
    public async Task A_generation_failure_ends_the_turn_failed_so_the_credit_is_released()
    {
        var unreachable = new AiSettings(AiMode.OpenAi, new Uri("http://127.0.0.1:9/v1"), "gpt-test", null, "key");
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], AiDefault, ai: unreachable));

        await scenario.SendAsync("What are your opening hours?");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Failed, turn.Outcome);
        Assert.True(turn.CreditReserved);
        Assert.Empty(scenario.Sends);
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.GenerationFailed);
        var completed = await Eventually.ReturnsAsync(() => host.Completed.Find(turn.Id), e => e is not null, "turn:completed");
        Assert.Equal(TurnOutcome.Failed, completed!.Outcome);
        Assert.True(completed.CreditReserved);
    }

    [Fact]
    public async Task A_persona_not_approved_gets_no_ai_reply_and_no_credit_is_taken()
    {
        var pending = new WorkspacePersona("You are helpful.", PersonaSafety.Pending, null, 1);
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], AiDefault, persona: pending));

        await scenario.SendAsync("hi");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.NoReply, turn.Outcome);
        Assert.False(turn.CreditReserved);
        Assert.False(host.Billing.IsReserved(turn.Id));
    }
}

public sealed class AiToolEffectsTests(AgentHost host)
{
    [Fact]
    public async Task An_explicit_request_for_a_person_hands_over_at_once_without_ai_or_credit_and_the_hand_off_reply_still_goes()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], new ReplyRule("default", "Default", null, new AiResponse("Help customers."))));

        await scenario.SendAsync("I want to speak with someone from your team");

        Assert.Single(await scenario.WaitForSendsAsync(1));
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        var conversation = await scenario.ConversationAsync();
        Assert.Equal(ConversationStates.NeedsHuman, conversation.State);
        Assert.Equal(turn.Id, conversation.HandoffTurnId);
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.HandoffRequested);
        Assert.False(turn.UsedAi);
        Assert.False(host.Billing.IsReserved(turn.Id));

        await scenario.SendAsync("hello?");
        var quiet = await Eventually.ReturnsAsync(scenario.TurnsAsync, t => t.Count == 2 && t.All(x => x.State == TurnStates.Completed), "second turn completed");
        Assert.Equal(InboundHandler.HumanHandlesReason, quiet[1].Reason);
        Assert.Single(scenario.Sends);
    }
}
