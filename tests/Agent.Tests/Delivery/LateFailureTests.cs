using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Delivery;

/// <summary>
/// Providers usually accept a send and report its failure later in a status callback; the
/// agent reacts to that exactly as to a refused send.
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
}
