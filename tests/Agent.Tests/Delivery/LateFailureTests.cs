using System.Net;
using System.Net.Http.Json;
using Agent.Conversations;
using Agent.Tests.Customers;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Delivery;

/// <summary>
/// Providers usually accept a send and report its failure later in a status callback; the
/// agent reacts to that exactly as to a refused send: a bot reply that failed for good revises
/// its turn (unanswered queue, TurnReplyFailed for Billing to give the credit back).
/// </summary>
public sealed class LateFailureTests(AgentHost host)
{
    static readonly MessageTemplate Reengage = new("t1", "reengage", "en_US", TemplateCategory.Utility, "Hi {{1}}, we have an answer for you: {{2}}", TemplateStatus.Approved, null);

    Task<string> ReportAsync(Scenario scenario, ChannelProvider provider, string messageId, string status, string? code) =>
        host.PublishAsync(StreamNames.Status, new DeliveryStatusReported(scenario.WorkspaceId, scenario.ChannelId, provider, messageId,
            scenario.Customer, status, code, code is null ? null : "Outside the window", DateTimeOffset.UtcNow));

    [Theory]
    [InlineData(ChannelProvider.Meta, "failed", "131047")]
    [InlineData(ChannelProvider.Twilio, "undelivered", "63016")]
    public async Task A_late_window_closed_failure_falls_back_to_the_template_once(ChannelProvider provider, string status, string code)
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: [Reengage]));
        await scenario.SendAsync("hello");
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1));
        Assert.Equal("text", reply.Type);
        await scenario.WaitForTurnsAsync(1);

        await ReportAsync(scenario, provider, reply.MessageId!, status, code);
        var template = (await scenario.WaitForSendsAsync(2))[1];
        var again = await ReportAsync(scenario, provider, reply.MessageId!, status, code);
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, again);
        var templateFailed = await ReportAsync(scenario, provider, template.MessageId!, status, code);
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, templateFailed);
        // Outbound messages of a conversation go in order: once the next reply is sent, any
        // template the repeated failures might have requested would have gone before it.
        await scenario.SendAsync("still there?");
        await scenario.WaitForSendsAsync(3);

        Assert.Equal("reengage", template.TemplateName);
        // The reply, the one template, then the answer to the next message: no second template.
        Assert.Equal(["text", "template", "text"], scenario.Sends.Select(s => s.Type));
        var messages = await scenario.MessagesAsync();
        Assert.Equal(code, messages.Single(m => m.ProviderMessageId == reply.MessageId).FailureCode);
        Assert.Equal(DeliveryStates.Failed, messages.Single(m => m.ProviderMessageId == template.MessageId).DeliveryState);
        var turn = (await scenario.TurnsAsync())[0];
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.Template);
    }

    [Fact]
    public async Task A_late_window_closed_failure_without_a_template_records_the_reason()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1));
        await scenario.WaitForTurnsAsync(1);

        await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "131047");

        var messages = await Eventually.ReturnsAsync(scenario.MessagesAsync,
            m => m.Any(x => x.DeliveryState == DeliveryStates.Skipped), "the template fallback recorded as skipped");
        Assert.Equal(Agent.Delivery.OutboundHandler.NoTemplateReason, messages.Single(m => m.DeliveryState == DeliveryStates.Skipped).FailureReason);
        Assert.Single(scenario.Sends);
    }

    [Fact]
    public async Task A_late_broken_token_failure_disables_the_channel()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1));
        await scenario.WaitForTurnsAsync(1);

        await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "190");

        var reports = await Eventually.ReturnsAsync(() => host.Admin.Reports.Where(r => r.Path == $"/api/tenancy/channels/{scenario.ChannelId}/health").ToList(),
            r => r.Count > 0, "the channel reported broken");
        Assert.Equal("disabled", Assert.Single(reports).Body["status"]!.GetValue<string>());
    }

    /// <summary>The customer's AI-answered turn, completed as replied with its credit held, and the reply sent for it.</summary>
    async Task<(Scenario Scenario, Turn Turn, ProviderCall Reply)> AnsweredByAiAsync(TenantWorkspace workspace)
    {
        var scenario = Scenario.Create(host, workspace);
        await scenario.SendAsync("Do you have vegan options?");
        var reply = Assert.Single(await scenario.WaitForSendsAsync(1));
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal((TurnOutcomes.Replied, true, true), (turn.Outcome, turn.UsedAi, turn.CreditReserved));
        return (scenario, turn, reply);
    }

    /// <summary>Every TurnReplyFailed published so far for the turn, once the test consumer has read them all.</summary>
    async Task<IReadOnlyList<TurnReplyFailed>> RevisionsAsync(string turnId)
    {
        await host.WaitUntilAllHandledAsync(StreamNames.TurnCompleted, "agent-tests");
        return host.Completed.Revisions(turnId);
    }

    [Theory]
    [InlineData(ChannelProvider.Meta, "failed", "131026")]
    [InlineData(ChannelProvider.Twilio, "undelivered", "63024")]
    public async Task An_ai_reply_reported_undeliverable_later_revises_its_turn_once_and_waits_in_the_unanswered_queue(ChannelProvider provider, string status, string code)
    {
        var (scenario, turn, reply) = await AnsweredByAiAsync(Cafe.Workspace());

        await ReportAsync(scenario, provider, reply.MessageId!, status, code);
        var again = await ReportAsync(scenario, provider, reply.MessageId!, status, code);
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, again);

        var revised = Assert.Single(await scenario.TurnsAsync());
        Assert.Equal(TurnOutcomes.Failed, revised.Outcome);
        var conversation = await scenario.ConversationAsync();
        Assert.Equal((UnansweredReasons.Failed, turn.Id), (conversation.UnansweredCode, conversation.UnansweredTurnId));
        Assert.Equal(revised.Reason, conversation.UnansweredReason);
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.Undelivered && e.Detail == revised.Reason);
        var revision = Assert.Single(await RevisionsAsync(turn.Id));
        Assert.Equal((TurnOutcome.Failed, true, code, revised.Reason), (revision.Outcome, revision.CreditReserved, revision.ErrorCode, revision.Reason));
        // Nothing more goes to a customer the provider cannot reach.
        Assert.Single(scenario.Sends);
    }

    [Fact]
    public async Task An_ai_reply_reported_outside_the_window_later_without_a_template_revises_its_turn_once()
    {
        var (scenario, turn, reply) = await AnsweredByAiAsync(Cafe.Workspace());

        await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "131047");
        var again = await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "131047");
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, again);

        var revision = Assert.Single(await Eventually.ReturnsAsync(() => RevisionsAsync(turn.Id), r => r.Count > 0, "the turn revised"));
        Assert.Equal((TurnOutcome.NoReply, Agent.Delivery.OutboundHandler.NoTemplateReason), (revision.Outcome, revision.Reason));
        // The fallback's outbound is handled by now: the revision came from it.
        await host.WaitUntilAllHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery);
        Assert.Single(await RevisionsAsync(turn.Id));
        Assert.Equal(TurnOutcomes.NoReply, Assert.Single(await scenario.TurnsAsync()).Outcome);
        var conversation = await scenario.ConversationAsync();
        Assert.Equal((UnansweredReasons.WindowClosed, turn.Id), (conversation.UnansweredCode, conversation.UnansweredTurnId));
        Assert.Single(scenario.Sends);
    }

    [Fact]
    public async Task An_ai_reply_reported_outside_the_window_later_with_a_template_falls_back_once_and_stays_answered()
    {
        var (scenario, turn, reply) = await AnsweredByAiAsync(Cafe.Workspace() with { Templates = [Reengage] });

        await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "131047");
        var again = await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "131047");
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, again);
        await host.WaitUntilAllHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery);

        Assert.Equal(["text", "template"], scenario.Sends.Select(s => s.Type));
        Assert.Empty(await RevisionsAsync(turn.Id));
        Assert.Equal(TurnOutcomes.Replied, Assert.Single(await scenario.TurnsAsync()).Outcome);
        Assert.Null((await scenario.ConversationAsync()).UnansweredAt);
    }

    [Fact]
    public async Task A_template_fallback_reported_failed_later_revises_the_turn_once()
    {
        var (scenario, turn, reply) = await AnsweredByAiAsync(Cafe.Workspace() with { Templates = [Reengage] });
        await ReportAsync(scenario, ChannelProvider.Meta, reply.MessageId!, "failed", "131047");
        var template = (await scenario.WaitForSendsAsync(2))[1];
        // The provider's id of the template is recorded once its delivery is handled; a status
        // for an id not recorded yet matches no message (see the Agent's README).
        await host.WaitUntilAllHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery);

        await ReportAsync(scenario, ChannelProvider.Meta, template.MessageId!, "failed", "131026");
        var again = await ReportAsync(scenario, ChannelProvider.Meta, template.MessageId!, "failed", "131026");
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, again);

        var revision = Assert.Single(await RevisionsAsync(turn.Id));
        Assert.Equal(("131026", TurnOutcome.Failed), (revision.ErrorCode, revision.Outcome));
        Assert.Equal(UnansweredReasons.Failed, (await scenario.ConversationAsync()).UnansweredCode);
        Assert.Equal(["text", "template"], scenario.Sends.Select(s => s.Type));
    }

    [Fact]
    public async Task An_operator_reply_reported_failed_later_changes_no_turn()
    {
        var (scenario, turn, _) = await AnsweredByAiAsync(Cafe.Workspace());
        var conversation = await scenario.ConversationAsync();
        using (var sent = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Yes, we do!" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        var operatorReply = (await scenario.WaitForSendsAsync(2))[1];

        var failed = await ReportAsync(scenario, ChannelProvider.Meta, operatorReply.MessageId!, "failed", "131026");
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, failed);

        Assert.Equal("131026", (await scenario.MessagesAsync()).Single(m => m.ProviderMessageId == operatorReply.MessageId).FailureCode);
        Assert.Empty(await RevisionsAsync(turn.Id));
        Assert.Equal(TurnOutcomes.Replied, Assert.Single(await scenario.TurnsAsync()).Outcome);
        Assert.Null((await scenario.ConversationAsync()).UnansweredAt);
    }
}
