using System.Net;
using System.Net.Http.Json;
using Agent.Conversations;
using Agent.Delivery;
using Messaging.Contracts.Operators;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Customers;

/// <summary>Never silent without a reason: the unanswered queue, the fallback message, and the re-run once the cause is fixed.</summary>
public sealed class UnansweredQueueTests(AgentHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_an_approved_persona_the_customer_gets_the_fallback_and_after_approval_one_rerun_answers()
    {
        var pending = new WorkspacePersona("You are Aurora.", PersonaSafety.Pending, null, 1);
        var scenario = Scenario.Create(host, Cafe.Workspace(persona: pending));
        const string Fallback = "Thanks for your message! Our team will get back to you shortly.";
        using (var put = await host.Http.PutAsJsonAsync($"/api/agent/workspaces/{scenario.WorkspaceId}/policy", new { fallbackMessage = Fallback }, Ct))
        {
            put.EnsureSuccessStatusCode();
        }

        await scenario.SendAsync("Do you have vegan options?");

        Assert.Equal(Fallback, Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        var queue = await host.Http.GetFromJsonAsync<UnansweredPage>($"/api/agent/unanswered?workspaceId={scenario.WorkspaceId}", Ct);
        var entry = Assert.Single(queue!.Conversations);
        Assert.Equal(UnansweredReasons.PersonaNotApproved, entry.Unanswered!.Code);
        Assert.Contains("persona", entry.Unanswered.Reason, StringComparison.Ordinal);
        var unansweredTurn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(unansweredTurn.Id, entry.Unanswered.TurnId);
        Assert.Contains(await scenario.TimelineAsync(unansweredTurn.Id), e => e.Kind == TurnEventKinds.Fallback);

        host.Tenancy.Update(scenario.WorkspaceId, w => w with { Persona = pending with { Safety = PersonaSafety.Approved } });
        using (var rerun = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{entry.Id}/rerun", new { @operator = "Grace" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        }

        Assert.Contains("vegan", (await scenario.WaitForSendsAsync(2))[1].Text, StringComparison.OrdinalIgnoreCase);
        var after = await host.Http.GetFromJsonAsync<UnansweredPage>($"/api/agent/unanswered?workspaceId={scenario.WorkspaceId}", Ct);
        Assert.Empty(after!.Conversations);
        var turns = await scenario.WaitForTurnsAsync(2);
        Assert.Equal(unansweredTurn.InboundMessageId, turns[1].InboundMessageId);
        Assert.True(host.Billing.IsReserved(turns[1].Id));
    }

    [Fact]
    public async Task At_zero_credits_nothing_is_sent_by_default_and_the_conversation_waits_in_the_queue_with_the_reason()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        host.Billing.SetCredits(scenario.WorkspaceId, 0);

        await scenario.SendAsync("Do you have vegan options?");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(AiTurn.NoCreditsReason, turn.Reason);
        Assert.Empty(scenario.Sends);
        var conversation = await scenario.ConversationAsync();
        Assert.Equal((UnansweredReasons.NoCredits, turn.Id), (conversation.UnansweredCode, conversation.UnansweredTurnId));

        using (var reply = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Yes, we do!" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        }
        Assert.Null((await scenario.ConversationAsync()).UnansweredAt);
    }

    [Fact]
    public async Task An_ai_endpoint_that_cannot_write_the_reply_puts_the_conversation_in_the_queue_as_ai_unavailable()
    {
        var unreachable = new AiSettings(AiMode.OpenAi, new Uri("http://127.0.0.1:9/v1"), "gpt-test", null, "key");
        var scenario = Scenario.Create(host, Cafe.Workspace() with { Ai = unreachable });

        await scenario.SendAsync("Do you have vegan options?");

        var entry = await QueuedAsync(scenario, Assert.Single(await scenario.WaitForTurnsAsync(1)));
        Assert.Equal(UnansweredReasons.AiUnavailable, entry.Code);
        Assert.StartsWith(AiTurn.GenerationFailedPrefix, entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_channel_puts_the_conversation_in_the_queue_as_channel_disabled()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        host.Tenancy.Update(scenario.WorkspaceId, w => w with { Channels = [.. w.Channels.Select(c => c with { Enabled = false })] });

        await scenario.SendAsync("where are you?");

        var entry = await QueuedAsync(scenario, Assert.Single(await scenario.WaitForTurnsAsync(1)));
        Assert.Equal((UnansweredReasons.ChannelDisabled, OutboundHandler.ChannelDisabledReason), (entry.Code, entry.Reason));
        Assert.Empty(scenario.Sends);
    }

    [Fact]
    public async Task A_question_after_stop_puts_the_conversation_in_the_queue_as_opted_out()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        await scenario.SendAsync("STOP");
        await scenario.WaitForSendsAsync(1);

        await scenario.SendAsync("Do you have vegan options?");

        var entry = await QueuedAsync(scenario, (await scenario.WaitForTurnsAsync(2))[1]);
        Assert.Equal((UnansweredReasons.OptedOut, OptOuts.OptedOutReason), (entry.Code, entry.Reason));
        Assert.Single(scenario.Sends);
    }

    [Fact]
    public async Task A_reply_that_completes_after_the_next_message_went_unanswered_leaves_that_message_in_the_queue()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        // The confirmation of STOP is sent, and its turn completes only after the next message's turn.
        var release = host.Provider.HoldNextRead(scenario.PhoneNumberId);
        await scenario.SendAsync("STOP");
        await scenario.WaitForSendsAsync(1);

        await scenario.SendAsync("Do you have vegan options?");
        var unanswered = await Eventually.ReturnsAsync(scenario.TurnsAsync,
            turns => turns.Count == 2 && turns[1].State == TurnStates.Completed, "the second message's turn completed");
        Assert.NotEqual(TurnStates.Completed, unanswered[0].State);
        release.SetResult();

        var entry = await QueuedAsync(scenario, (await scenario.WaitForTurnsAsync(2))[1]);
        Assert.Equal(UnansweredReasons.OptedOut, entry.Code);
    }

    [Fact]
    public async Task A_reply_after_the_window_closed_without_a_template_puts_the_conversation_in_the_queue_as_window_closed()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());

        await scenario.SendAsync("where are you?", sentAt: DateTimeOffset.UtcNow.AddDays(-2));

        var entry = await QueuedAsync(scenario, Assert.Single(await scenario.WaitForTurnsAsync(1)));
        Assert.Equal((UnansweredReasons.WindowClosed, OutboundHandler.NoTemplateReason), (entry.Code, entry.Reason));
        Assert.Empty(scenario.Sends);
    }

    /// <summary>The workspace's one queue entry, for the turn that could not answer.</summary>
    async Task<UnansweredView> QueuedAsync(Scenario scenario, Turn turn)
    {
        var queue = await host.Http.GetFromJsonAsync<UnansweredPage>($"/api/agent/unanswered?workspaceId={scenario.WorkspaceId}", Ct);
        var entry = Assert.Single(queue!.Conversations).Unanswered!;
        Assert.Equal(turn.Id, entry.TurnId);
        return entry;
    }

    [Fact]
    public async Task A_rerun_with_nothing_unanswered_is_refused_with_a_reason()
    {
        var scenario = Scenario.Create(host, Cafe.Workspace());
        await scenario.SendAsync("where are you?");
        await scenario.WaitForSendsAsync(1);
        var conversation = await scenario.ConversationAsync();

        using var rerun = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/rerun", new { @operator = "Grace" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Contains("no unanswered message", await rerun.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"languages":["english"]}""")]
    [InlineData("""{"languages":[]}""")]
    [InlineData("""{"languages":["en"],"fallbackMessage":"XXXX"}""")]
    public async Task An_invalid_policy_is_a_400_naming_the_field(string body)
    {
        var json = body.Replace("XXXX", new string('x', 1_001), StringComparison.Ordinal);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var put = await host.Http.PutAsync($"/api/agent/workspaces/ws-{Guid.NewGuid():N}/policy", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains(json.Contains("fallback", StringComparison.Ordinal) ? "fallbackMessage" : "languages", await put.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
