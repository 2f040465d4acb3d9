using System.Net;
using Agent.Conversations;
using Agent.Delivery;
using Agent.Tests.Infrastructure;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Delivery;

public sealed class DeliveryTests(AgentHost host)
{
    internal static readonly MessageTemplate Reengage = new("t1", "reengage", "en_US", TemplateCategory.Utility, "Hi {{1}}, we have an answer for you: {{2}}", TemplateStatus.Approved, null);

    [Fact]
    public async Task Outside_the_24_hour_window_the_approved_template_goes_instead()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: [Reengage]));

        await scenario.SendAsync("hello", sentAt: DateTimeOffset.UtcNow.AddDays(-2));

        var send = Assert.Single(await scenario.WaitForSendsAsync(1));
        Assert.Equal("template", send.Type);
        Assert.Equal("reengage", send.TemplateName);
        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
        Assert.Contains(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.Template);
    }

    [Fact]
    public async Task A_template_the_provider_does_not_know_fails_once_with_its_explanation()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: [Reengage]));
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.NotFound, 132001, "(#132001) Template name does not exist in the translation");

        await scenario.SendAsync("hello", sentAt: DateTimeOffset.UtcNow.AddDays(-2));

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Failed, turn.Outcome);
        var failed = Assert.Single(await scenario.MessagesAsync(), m => m.Direction == MessageDirections.Outbound);
        Assert.Equal(DeliveryStates.Failed, failed.DeliveryState);
        Assert.Equal("132001", failed.FailureCode);
        Assert.Contains("does not exist in that language", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal([404], scenario.Sends.Select(s => s.Status));
    }

    [Fact]
    public async Task Outside_the_window_without_a_template_nothing_is_sent_and_the_reason_is_recorded()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));

        await scenario.SendAsync("hello", sentAt: DateTimeOffset.UtcNow.AddDays(-2));

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.NoReply, turn.Outcome);
        Assert.Equal(OutboundHandler.NoTemplateReason, turn.Reason);
        Assert.Empty(scenario.Sends);
        Assert.Contains(await scenario.MessagesAsync(), m => m.DeliveryState == DeliveryStates.Skipped && m.FailureReason == OutboundHandler.NoTemplateReason);
    }

    [Fact]
    public async Task A_window_closed_error_from_the_provider_falls_back_to_the_template()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: [Reengage]));
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.BadRequest, 131047, "Re-engagement message");

        await scenario.SendAsync("hello");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
        var accepted = Assert.Single(scenario.Sends, s => s.MessageId is not null);
        Assert.Equal("reengage", accepted.TemplateName);
        Assert.Contains(await scenario.MessagesAsync(), m => m.DeliveryState == DeliveryStates.Failed && m.FailureCode == "131047");
    }

    [Fact]
    public async Task A_canned_reply_marks_the_customer_message_read_once_it_is_sent()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));

        var inbound = await scenario.SendAsync("hello");

        await scenario.WaitForSendsAsync(1);
        var read = await Eventually.ReturnsAsync(() => host.Provider.Reads(scenario.PhoneNumberId), r => r.Count > 0, "the inbound message marked read");
        Assert.Equal(inbound.ProviderMessageId, Assert.Single(read).Body["message_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ChannelHealth.Unknown)]
    [InlineData(ChannelHealth.Failing)]
    public async Task A_channel_that_sends_is_reported_healthy(ChannelHealth before)
    {
        var workspace = FakeTenancy.Workspace([]);
        var scenario = Scenario.Create(host, workspace with { Channels = [workspace.Channels[0] with { Health = before }] });

        await scenario.SendAsync("hello");

        await scenario.WaitForSendsAsync(1);
        var reports = await Eventually.ReturnsAsync(() => host.Admin.Reports.Where(r => r.Path == $"/api/tenancy/channels/{scenario.ChannelId}/health").ToList(),
            r => r.Count > 0, "the channel reported healthy");
        Assert.Equal("healthy", Assert.Single(reports).Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_username_only_customer_is_answered_by_business_scoped_user_id()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));

        await host.PublishAsync(StreamNames.Inbound, scenario.Message("hello") with { From = "US.13491208655302741918" });

        var send = Assert.Single(await scenario.WaitForSendsAsync(1));
        Assert.Equal("US.13491208655302741918", send.Body["recipient"]!.GetValue<string>());
        Assert.Null(send.Body["to"]);
    }

    [Fact]
    public async Task Throttling_is_retried_until_the_provider_accepts()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.TooManyRequests, 130429, "Rate limit hit");
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.TooManyRequests, 130429, "Rate limit hit");

        await scenario.SendAsync("hello");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Replied, turn.Outcome);
        Assert.Equal([429, 429, 200], scenario.Sends.Select(s => s.Status));
        Assert.Equal(2, (await scenario.TimelineAsync(turn.Id)).Count(e => e.Kind == TurnEventKinds.Retrying));
    }

    [Fact]
    public async Task A_broken_token_fails_the_message_with_its_explanation_and_disables_the_channel()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        host.Provider.Fail(scenario.PhoneNumberId, HttpStatusCode.Unauthorized, 190, "Error validating access token");

        await scenario.SendAsync("hello");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Failed, turn.Outcome);
        var failed = Assert.Single(await scenario.MessagesAsync(), m => m.Direction == MessageDirections.Outbound);
        Assert.Equal("190", failed.FailureCode);
        Assert.Contains("expired", failed.FailureReason, StringComparison.Ordinal);
        var report = Assert.Single(host.Admin.Reports, r => r.Path == $"/api/tenancy/channels/{scenario.ChannelId}/health");
        Assert.Equal("disabled", report.Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_url_the_tenant_url_policy_refuses_fails_at_once_with_the_reason()
    {
        var workspace = FakeTenancy.Workspace([]);
        // A private address: this test deployment allows only provider.test and loopback.
        var scenario = Scenario.Create(host, workspace with { Channels = [workspace.Channels[0] with { BaseUrl = new Uri("http://10.20.30.40/") }] });

        await scenario.SendAsync("hello");

        var turn = Assert.Single(await scenario.WaitForTurnsAsync(1));
        Assert.Equal(TurnOutcomes.Failed, turn.Outcome);
        var failed = Assert.Single(await scenario.MessagesAsync(), m => m.Direction == MessageDirections.Outbound);
        Assert.Equal(DeliveryStates.Failed, failed.DeliveryState);
        Assert.Contains("will not be retried", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("10.20.30.40", failed.FailureReason, StringComparison.Ordinal);
        // Refused before anything went out, and not retried; the turn says why (the console's timeline shows it).
        Assert.Empty(scenario.Sends);
        Assert.DoesNotContain(await scenario.TimelineAsync(turn.Id), e => e.Kind == TurnEventKinds.Retrying);
        Assert.Contains("will not be retried", turn.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_reply_is_split_and_only_the_first_part_quotes_the_customer()
    {
        var longText = string.Join("\n\n", Enumerable.Range(0, 60).Select(i => $"Paragraph {i}: " + new string('x', 100)));
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], new ReplyRule("default", "Default", null, new CannedResponse(longText))));

        var inbound = await scenario.SendAsync("hello");

        await scenario.WaitForTurnsAsync(1);
        var sends = scenario.Sends;
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.True(s.Text!.Length <= 4096));
        Assert.Equal(inbound.ProviderMessageId, sends[0].QuotedMessageId);
        Assert.Null(sends[1].QuotedMessageId);
    }

    [Fact]
    public async Task Statuses_only_move_forward_and_a_failure_keeps_its_reason()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        var sent = Assert.Single(await scenario.WaitForSendsAsync(1));
        await scenario.WaitForTurnsAsync(1);

        await ReportAsync(scenario, sent.MessageId!, "read");
        await ReportAsync(scenario, sent.MessageId!, "delivered");
        var lastOfFirst = await ReportAsync(scenario, sent.MessageId!, "sent");
        var marker = await scenario.SendAsync("second");
        await scenario.WaitForSendsAsync(2);
        var second = scenario.Sends[1];
        await ReportAsync(scenario, second.MessageId!, "failed", "131026");
        var last = await ReportAsync(scenario, second.MessageId!, "delivered");

        // Statuses of one message are handled in order: once the last is, every earlier one is.
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, lastOfFirst);
        await host.WaitUntilHandledAsync(StreamNames.Status, ConsumerGroups.Agent, last);
        var messages = await scenario.MessagesAsync();
        Assert.Equal(DeliveryStates.Read, messages.Single(m => m.ProviderMessageId == sent.MessageId).DeliveryState);
        var failed = messages.Single(m => m.ProviderMessageId == second.MessageId);
        Assert.Equal(DeliveryStates.Failed, failed.DeliveryState);
        Assert.Equal("131026", failed.FailureCode);
        Assert.False(string.IsNullOrEmpty(failed.FailureReason));
        Assert.NotNull(marker);
    }

    Task<string> ReportAsync(Scenario scenario, string messageId, string status, string? code = null) =>
        host.PublishAsync(StreamNames.Status, new DeliveryStatusReported(scenario.WorkspaceId, scenario.ChannelId, ChannelProvider.Meta, messageId,
            scenario.Customer, status, code, code is null ? null : "Message undeliverable", DateTimeOffset.UtcNow));
}
