using System.Net;
using System.Net.Http.Json;
using Agent.Conversations;
using Agent.Delivery;
using Agent.Tests.Infrastructure;
using Agent.Turns;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;

namespace Agent.Tests.Delivery;

/// <summary>After STOP the contact gets the confirmation and nothing else: no operator reply, no template, no message queued before.</summary>
public sealed class OptedOutDeliveryTests(AgentHost host)
{
    static readonly string[] English = ["en"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly MessageTemplate[] Templates =
    [
        new("t1", "follow_up", "en_US", TemplateCategory.Utility, "Hi {{1}}, any news about {{2}}?", TemplateStatus.Approved, null),
    ];

    async Task<(Scenario Scenario, Conversation Conversation)> OptedOutAsync()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: Templates));
        await scenario.SendAsync("STOP");
        Assert.Equal(OptOuts.Confirmation(English), Assert.Single(await scenario.WaitForSendsAsync(1)).Text);
        return (scenario, await scenario.ConversationAsync());
    }

    [Fact]
    public async Task An_operators_reply_to_an_opted_out_contact_is_refused_with_409_saying_so()
    {
        var (scenario, conversation) = await OptedOutAsync();

        using var reply = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Are you sure?" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        Assert.Contains("opted out", await reply.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single(scenario.Sends);
    }

    [Fact]
    public async Task An_operators_template_to_an_opted_out_contact_is_refused_with_409()
    {
        var (scenario, conversation) = await OptedOutAsync();

        using var sent = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/templates",
            new { @operator = "Grace", name = "follow_up", language = "en_US", parameters = (string[])["Ana", "your booking"] }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        Assert.Contains("START", await sent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single(scenario.Sends);
    }

    [Theory]
    [InlineData(MessageAuthor.Operator, false)]
    [InlineData(MessageAuthor.Bot, false)]
    [InlineData(MessageAuthor.Operator, true)]
    public async Task Delivery_skips_any_message_to_an_opted_out_contact_with_the_reason(MessageAuthor author, bool template)
    {
        // Queued before STOP, or by a producer that did not check: Delivery is the last gate.
        var (scenario, conversation) = await OptedOutAsync();
        var outboundId = "late-" + Guid.NewGuid().ToString("N");

        var entry = await host.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            outboundId, scenario.WorkspaceId, scenario.ChannelId, conversation.Id.ToString(), scenario.Customer,
            "Hi Ana, any news about your booking?", author, author == MessageAuthor.Operator ? "Grace" : null, null, null, DateTimeOffset.UtcNow,
            template ? new ChosenTemplate("follow_up", "en_US", ["Ana", "your booking"]) : null));
        await host.WaitUntilHandledAsync(StreamNames.Outbound, ConsumerGroups.Delivery, entry);

        Assert.Single(scenario.Sends);
        await using var db = host.CreateDbContext();
        var skipped = await db.Messages.AsNoTracking().SingleAsync(m => m.OutboundId == outboundId, Ct);
        Assert.Equal((DeliveryStates.Skipped, OutboundHandler.OptedOutReason), (skipped.DeliveryState, skipped.FailureReason));
    }

    [Fact]
    public async Task The_lead_forms_consent_opts_the_number_in_again_on_record_and_its_greeting_goes()
    {
        var (scenario, conversation) = await OptedOutAsync();

        using var lead = await host.Http.PostAsJsonAsync("/api/agent/leads",
            new { channelId = scenario.ChannelId, phone = scenario.Customer, name = "Ana", greeting = "Hi Ana, thanks for getting in touch!", consent = true, formSlug = "cafe-aurora" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, lead.StatusCode);
        Assert.Equal("Hi Ana, thanks for getting in touch!", (await scenario.WaitForSendsAsync(2))[1].Text);
        var contact = (await host.Http.GetFromJsonAsync<ConversationSummary>($"/api/agent/conversations/{conversation.Id}", Ct))!.Contact;
        Assert.False(contact.OptedOut);
        Assert.Null(contact.OptOutText);
        Assert.Equal("Opted in again via form cafe-aurora.", contact.OptInText);
    }

    [Fact]
    public async Task A_lead_without_the_forms_consent_for_an_opted_out_number_is_refused_with_409_and_stays_opted_out()
    {
        var (scenario, conversation) = await OptedOutAsync();

        using var lead = await host.Http.PostAsJsonAsync("/api/agent/leads",
            new { channelId = scenario.ChannelId, phone = scenario.Customer, name = "Ana", greeting = "Hi Ana, thanks for getting in touch!" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, lead.StatusCode);
        Assert.Contains("opted out", await lead.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True((await host.Http.GetFromJsonAsync<ConversationSummary>($"/api/agent/conversations/{conversation.Id}", Ct))!.Contact.OptedOut);
    }

    [Fact]
    public async Task After_start_an_operators_reply_is_delivered_again()
    {
        var (scenario, conversation) = await OptedOutAsync();
        await scenario.SendAsync("START");
        await scenario.WaitForSendsAsync(2);

        using var reply = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Welcome back, Grace here." }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        Assert.Equal("Welcome back, Grace here.", (await scenario.WaitForSendsAsync(3))[2].Text);
    }
}
