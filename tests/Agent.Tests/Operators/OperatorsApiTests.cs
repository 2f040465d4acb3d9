using Messaging.Tenancy.Model;
using System.Net;
using System.Net.Http.Json;
using Agent.Conversations;
using Messaging.Contracts.Operators;
using Agent.Tests.Infrastructure;
using Agent.Turns;

namespace Agent.Tests.Operators;

public sealed class OperatorsApiTests(AgentHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Take_over_stops_the_bot_a_manual_reply_is_delivered_and_release_resumes_it()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        await scenario.WaitForSendsAsync(1);
        var conversation = await scenario.ConversationAsync();
        var path = $"/api/agent/conversations/{conversation.Id}";

        using (var takeOver = await host.Http.PostAsJsonAsync($"{path}/takeover", new { @operator = "Grace" }, Ct))
        {
            var summary = await takeOver.Content.ReadFromJsonAsync<ConversationSummary>(Ct);
            Assert.Equal(ConversationStates.NeedsHuman, summary!.State);
            Assert.Equal("Grace", summary.AssignedOperator);
        }
        await scenario.SendAsync("are you a human?");
        var quiet = await Eventually.ReturnsAsync(scenario.TurnsAsync, t => t.Count == 2 && t.All(x => x.State == TurnStates.Completed), "second turn completed");
        Assert.Equal(InboundHandler.HumanHandlesReason, quiet[1].Reason);
        Assert.Single(scenario.Sends);

        using (var reply = await host.Http.PostAsJsonAsync($"{path}/replies", new { @operator = "Grace", text = "Yes, Grace here." }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        }
        Assert.Equal("Yes, Grace here.", (await scenario.WaitForSendsAsync(2))[1].Text);
        var operatorMessage = await Eventually.ReturnsAsync(scenario.MessagesAsync, m => m.Any(x => x.Author == MessageAuthors.Operator && x.DeliveryState == DeliveryStates.Sent), "operator message recorded");
        Assert.Equal("Grace", operatorMessage.Single(m => m.Author == MessageAuthors.Operator).AuthorName);

        using (var release = await host.Http.PostAsJsonAsync($"{path}/release", new { @operator = "Grace" }, Ct))
        {
            Assert.Equal(ConversationStates.Bot, (await release.Content.ReadFromJsonAsync<ConversationSummary>(Ct))!.State);
        }
        await scenario.SendAsync("thanks");
        await scenario.WaitForSendsAsync(3);
    }

    [Fact]
    public async Task Lists_searches_and_shows_transcript_and_timeline()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        await scenario.WaitForTurnsAsync(1);

        var page = await host.Http.GetFromJsonAsync<ConversationPage>($"/api/agent/conversations?workspaceId={scenario.WorkspaceId}&search={scenario.Customer[^5..]}", Ct);
        var summary = Assert.Single(page!.Conversations);
        Assert.Equal(scenario.Customer, summary.Contact.Phone);
        var none = await host.Http.GetFromJsonAsync<ConversationPage>($"/api/agent/conversations?workspaceId={scenario.WorkspaceId}&search=nobody", Ct);
        Assert.Empty(none!.Conversations);

        var transcript = await host.Http.GetFromJsonAsync<TranscriptPage>($"/api/agent/conversations/{summary.Id}/messages", Ct);
        Assert.Equal(["customer", "bot"], transcript!.Messages.Select(m => m.Author));
        var turns = await host.Http.GetFromJsonAsync<List<TurnView>>($"/api/agent/conversations/{summary.Id}/turns", Ct);
        var timeline = Assert.Single(turns!).Timeline.Select(s => s.Kind).ToList();
        Assert.Equal(["received", "rule_matched"], timeline.Take(2));
        Assert.Contains("reply_queued", timeline);
        Assert.Contains("sent", timeline);
    }

    [Fact]
    public async Task Bad_requests_answer_validation_problems()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        await scenario.WaitForTurnsAsync(1);
        var conversation = await scenario.ConversationAsync();
        using var missingWorkspace = await host.Http.GetAsync(new Uri("/api/agent/conversations", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missingWorkspace.StatusCode);
        using var noOperator = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/takeover", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noOperator.StatusCode);
        using var unknown = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{Guid.NewGuid()}/takeover", new { @operator = "Grace" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // PostgreSQL text cannot hold U+0000: a search with it is the caller's mistake, never a failed query.
        foreach (var listing in new[] { "conversations", "leads" })
        {
            using var nul = await host.Http.GetAsync(new Uri($"/api/agent/{listing}?workspaceId={scenario.WorkspaceId}&search=an%00a", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
            Assert.Contains("NUL", await nul.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_operators_reply_is_sent_exactly_as_written()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        await scenario.WaitForSendsAsync(1);
        var conversation = await scenario.ConversationAsync();
        const string text = "*Bold* and **not markdown** _here_\n- a line";

        using var reply = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        Assert.Equal(text, (await scenario.WaitForSendsAsync(2))[1].Text);
    }

    [Fact]
    public async Task Free_text_outside_the_24_hour_window_is_refused_with_409_and_nothing_is_sent()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello from last week", sentAt: DateTimeOffset.UtcNow.AddDays(-2));
        await scenario.WaitForTurnsAsync(1);
        var conversation = await scenario.ConversationAsync();
        var sendsBefore = scenario.Sends.Count;

        using var reply = await host.Http.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Still there?" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        Assert.Contains("24 hours", await reply.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(scenario.Sends.Skip(sendsBefore), s => s.Text == "Still there?");
    }

    [Fact]
    public async Task Close_ends_a_take_over_and_reopen_gives_the_conversation_back_to_the_bot()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync("hello");
        await scenario.WaitForTurnsAsync(1);
        var conversation = await scenario.ConversationAsync();
        var path = $"/api/agent/conversations/{conversation.Id}";
        (await host.Http.PostAsJsonAsync($"{path}/takeover", new { @operator = "Grace" }, Ct)).EnsureSuccessStatusCode();

        using var close = await host.Http.PostAsJsonAsync($"{path}/close", new { @operator = "Grace" }, Ct);
        var closed = await close.Content.ReadFromJsonAsync<ConversationSummary>(Ct);
        Assert.Equal((ConversationStates.Closed, (string?)null), (closed!.State, closed.AssignedOperator));
        var listed = await host.Http.GetFromJsonAsync<ConversationPage>($"/api/agent/conversations?workspaceId={scenario.WorkspaceId}&state=closed&channelId={scenario.ChannelId}", Ct);
        Assert.Equal(conversation.Id, Assert.Single(listed!.Conversations).Id);

        using var reopen = await host.Http.PostAsJsonAsync($"{path}/reopen", new { @operator = "Grace" }, Ct);
        Assert.Equal(ConversationStates.Bot, (await reopen.Content.ReadFromJsonAsync<ConversationSummary>(Ct))!.State);
        var otherChannel = await host.Http.GetFromJsonAsync<ConversationPage>($"/api/agent/conversations?workspaceId={scenario.WorkspaceId}&channelId=another", Ct);
        Assert.Empty(otherChannel!.Conversations);
    }

    [Fact]
    public async Task Outside_the_window_the_operators_chosen_template_is_sent_with_their_values()
    {
        MessageTemplate[] templates =
        [
            new("t1", "follow_up", "en_US", TemplateCategory.Utility, "Hi {{1}}, any news about {{2}}?", TemplateStatus.Approved, null),
            new("t2", "booking_reminder", "en_US", TemplateCategory.Utility, "Hi {{1}}, see you on {{2}}.", TemplateStatus.Approved, null),
        ];
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: templates));
        await scenario.SendAsync("hello from last week", sentAt: DateTimeOffset.UtcNow.AddDays(-2));
        await scenario.WaitForTurnsAsync(1);
        var conversation = await scenario.ConversationAsync();
        var path = $"/api/agent/conversations/{conversation.Id}/templates";
        var sendsBefore = scenario.Sends.Count;

        using var wrongCount = await host.Http.PostAsJsonAsync(path, new { @operator = "Grace", name = "booking_reminder", language = "en_US", parameters = (string[])["Ana"] }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCount.StatusCode);
        using var sent = await host.Http.PostAsJsonAsync(path, new { @operator = "Grace", name = "booking_reminder", language = "en_US", parameters = (string[])["Ana", "Friday"] }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        var call = (await scenario.WaitForSendsAsync(sendsBefore + 1))[sendsBefore];
        Assert.Equal("booking_reminder", call.TemplateName);
        Assert.Equal(["Ana", "Friday"], call.Body["template"]!["components"]![0]!["parameters"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
        var recorded = await Eventually.ReturnsAsync(scenario.MessagesAsync, m => m.Any(x => x.Author == MessageAuthors.Operator), "the template recorded");
        Assert.Equal("Hi Ana, see you on Friday.", recorded.Single(m => m.Author == MessageAuthors.Operator).Body);
    }

    [Fact]
    public async Task The_conversation_list_filters_unanswered_and_opted_out_conversations_together_with_search()
    {
        // No approved persona: the AI default rule cannot answer, so the question stays unanswered.
        var workspace = Agent.Tests.Customers.Cafe.Workspace(persona: new WorkspacePersona("You are Aurora.", PersonaSafety.Pending, null, 1));
        var asking = Scenario.Create(host, workspace);
        var leaving = Scenario.Create(host, workspace);
        await asking.SendAsync("Do you have vegan options?");
        await leaving.SendAsync("STOP");
        await asking.WaitForTurnsAsync(1);
        await leaving.WaitForTurnsAsync(1);

        async Task<IReadOnlyList<string>> ListAsync(string query)
        {
            var page = await host.Http.GetFromJsonAsync<ConversationPage>($"/api/agent/conversations?workspaceId={workspace.Id}&{query}", Ct);
            return [.. page!.Conversations.Select(c => c.Contact.Phone)];
        }

        var unanswered = await host.Http.GetFromJsonAsync<ConversationPage>($"/api/agent/conversations?workspaceId={workspace.Id}&unanswered=true", Ct);
        var entry = Assert.Single(unanswered!.Conversations);
        Assert.Equal(asking.Customer, entry.Contact.Phone);
        Assert.Equal(UnansweredReasons.PersonaNotApproved, entry.Unanswered!.Code);
        Assert.Equal([leaving.Customer], await ListAsync("optedOut=true"));
        Assert.Equal([asking.Customer], await ListAsync($"unanswered=true&search={asking.Customer[^6..]}"));
        Assert.Empty(await ListAsync($"unanswered=true&search={leaving.Customer[^6..]}"));
        Assert.Empty(await ListAsync($"optedOut=true&search={asking.Customer[^6..]}"));
    }
}
