using System.Net.Http.Json;
using Agent.Tests.Ai;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Agent;

/// <summary>Customers write through the Sandbox; the whole pipeline answers.</summary>
[Collection(SharedProduct.Name)]
public sealed class AgentConversationTests(RunningApp running) : IAsyncLifetime
{
    ScriptedOpenAiServer _ai = null!;

    public async ValueTask InitializeAsync() => _ai = await ScriptedOpenAiServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _ai.DisposeAsync();

    [Fact]
    public async Task A_keyword_rule_answers_with_its_canned_text_and_costs_no_credit()
    {
        var scenario = await AgentScenario.CreateAsync(running,
            [AgentScenario.Canned("hours", "hours", "We're open 8:00-18:00.")], AgentScenario.AiDefault(), _ai, credits: 5);

        await scenario.CustomerSaysAsync("What are your opening hours?");

        Assert.Equal(["We're open 8:00-18:00."], await scenario.WaitForSentAsync(1, "the canned reply"));
        Assert.Equal(5, await scenario.AvailableCreditsAsync());
        Assert.Empty(_ai.ChatRequests);
    }

    [Fact]
    public async Task An_ai_reply_calls_capture_lead_and_request_human_with_their_effects_in_the_store_and_the_bot_then_stays_quiet()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.AiDefault("Help book tables."), _ai, credits: 5);
        _ai.EnqueueToolCalls(
            new ScriptedToolCall("leads_capture_lead", """{"name":"Ana de Vries","email":"ana@example.com","interest":"table for four"}"""),
            new ScriptedToolCall("handoff_request_human", """{"reason":"large group booking"}"""));
        _ai.EnqueueText("Thanks Ana! A colleague will confirm your table shortly.");

        await scenario.CustomerSaysAsync("Hi, I'm Ana (ana@example.com), can I book a table for 4 on Friday?");

        Assert.Equal(["Thanks Ana! A colleague will confirm your table shortly."], await scenario.WaitForSentAsync(1, "the AI reply"));
        var conversation = await Eventually.ReturnsAsync(scenario.ConversationAsync, c => c.GetProperty("state").GetString() == "needs_human", "needs_human");
        Assert.Equal("ana@example.com", conversation.GetProperty("contact").GetProperty("leadEmail").GetString());
        Assert.Equal("Ana de Vries", conversation.GetProperty("contact").GetProperty("leadName").GetString());
        var turn = (await scenario.WaitForCompletedTurnsAsync(1))[0];
        Assert.True(turn.GetProperty("usedAi").GetBoolean());
        var tools = turn.GetProperty("timeline").EnumerateArray().Select(step => step.GetRawText()).ToList();
        Assert.Contains(tools, step => step.Contains("capture_lead", StringComparison.Ordinal));
        Assert.Contains(tools, step => step.Contains("request_human", StringComparison.Ordinal));
        await Eventually.ReturnsAsync(scenario.AvailableCreditsAsync, c => c == 4, "one credit committed");

        // A human owns the conversation now: the next message is stored, not answered.
        await scenario.CustomerSaysAsync("Is 19:00 possible?");
        await scenario.WaitForCompletedTurnsAsync(2);
        Assert.Single(await scenario.SentAsync());
    }

    [Fact]
    public async Task Take_over_stops_the_bot_an_operator_reply_is_delivered_with_its_name_and_release_resumes_the_bot()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("Bot here!"));
        await scenario.CustomerSaysAsync("hello");
        await scenario.WaitForSentAsync(1, "the first bot reply");

        await scenario.OperatorAsync("takeover", new { @operator = "Maria" });
        await scenario.CustomerSaysAsync("can I talk to a person?");
        await scenario.WaitForCompletedTurnsAsync(2);
        await scenario.OperatorAsync("replies", new { @operator = "Maria", text = "Hi, Maria here. How can I help?" });
        await scenario.WaitForSentAsync(2, "the operator's reply");

        await scenario.OperatorAsync("release", new { @operator = "Maria" });
        await scenario.CustomerSaysAsync("thanks!");

        Assert.Equal(["Bot here!", "Hi, Maria here. How can I help?", "Bot here!"], await scenario.WaitForSentAsync(3, "the bot answers again"));
    }

    [Fact]
    public async Task With_the_master_switch_off_nothing_is_answered_and_the_reason_is_recorded()
    {
        var scenario = await AgentScenario.CreateAsync(running, [AgentScenario.Canned("hours", "hours", "open")], AgentScenario.CannedDefault("default"), enabled: false);

        await scenario.CustomerSaysAsync("hours?");

        var turn = (await scenario.WaitForCompletedTurnsAsync(1))[0];
        Assert.Empty(await scenario.SentAsync());
        Assert.False(string.IsNullOrEmpty(turn.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task The_default_rule_answers_what_no_rule_matches()
    {
        var scenario = await AgentScenario.CreateAsync(running, [AgentScenario.Canned("hours", "hours", "open")], AgentScenario.CannedDefault("Sorry, I can only help with opening hours."));

        await scenario.CustomerSaysAsync("Do you sell gift cards?");

        Assert.Equal(["Sorry, I can only help with opening hours."], await scenario.WaitForSentAsync(1, "the default reply"));
    }

    [Fact]
    public async Task Three_messages_within_the_wait_window_get_one_reply()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("One answer for all."), waitSeconds: 3);

        await scenario.CustomerSaysAsync("Hi");
        await scenario.CustomerSaysAsync("I have a question");
        await scenario.CustomerSaysAsync("about tomorrow");

        await scenario.WaitForCompletedTurnsAsync(3);
        Assert.Equal(["One answer for all."], await scenario.SentAsync());
    }

    [Fact]
    public async Task With_zero_credits_the_ai_stays_silent_while_canned_rules_still_answer()
    {
        var scenario = await AgentScenario.CreateAsync(running,
            [AgentScenario.Canned("hours", "hours", "We're open 8-18.")], AgentScenario.AiDefault(), _ai, credits: 0);

        await scenario.CustomerSaysAsync("Can you recommend a dish?");
        await scenario.WaitForCompletedTurnsAsync(1);
        Assert.Equal("no_credits", await scenario.WaitForUnansweredCodeAsync());
        await scenario.CustomerSaysAsync("And your hours?");

        Assert.Equal(["We're open 8-18."], await scenario.WaitForSentAsync(1, "the canned reply"));
        var turns = await scenario.WaitForCompletedTurnsAsync(2);
        Assert.Contains(turns, t => !t.GetProperty("creditReserved").GetBoolean() && (t.GetProperty("reason").GetString() ?? "").Contains("credit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(_ai.ChatRequests, r => r.Messages.Any(m => m.GetRawText().Contains("recommend", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_generation_failure_releases_the_reserved_credit()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.AiDefault(), _ai, credits: 3);
        for (var i = 0; i < 6; i++)
        {
            _ai.EnqueueError(500, "model overloaded");
        }

        await scenario.CustomerSaysAsync("Tell me about your menu");

        var turn = (await scenario.WaitForCompletedTurnsAsync(1))[0];
        Assert.True(turn.GetProperty("creditReserved").GetBoolean());
        Assert.Empty(await scenario.SentAsync());
        var turnId = turn.GetProperty("id").GetString()!;
        Assert.Equal("released", await Eventually.ReturnsAsync(() => scenario.ReservationStateAsync(turnId), s => s != "reserved", "the reservation settled"));
        Assert.Equal(3, await scenario.AvailableCreditsAsync());
        Assert.Equal("ai_unavailable", await scenario.WaitForUnansweredCodeAsync());
    }

    [Fact]
    public async Task After_the_provider_revokes_the_token_the_next_message_waits_in_the_queue_as_channel_disabled()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("Bot here!"));
        await scenario.QueueProviderFaultAsync(190, 1);

        await scenario.CustomerSaysAsync("hello");
        await Eventually.ReturnsAsync(scenario.ChannelHealthAsync, health => health == "disabled", "the channel disabled for its revoked token", TimeSpan.FromSeconds(60));
        await scenario.CustomerSaysAsync("anyone there?");
        await scenario.WaitForCompletedTurnsAsync(2);
        Assert.Equal("channel_disabled", await scenario.WaitForUnansweredCodeAsync());
        Assert.Empty(await scenario.SentAsync());
    }

    [Fact]
    public async Task A_closed_window_the_provider_reports_late_falls_back_to_the_approved_template()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("Bot here!"));
        await scenario.CustomerSaysAsync("hello");
        await scenario.WaitForSentAsync(1, "the first reply");
        await scenario.SetSandboxLastInboundAsync(DateTimeOffset.UtcNow.AddDays(-2));

        await scenario.OperatorAsync("replies", new { @operator = "Maria", text = "Are you still interested?" });

        // As Meta does: the free-form reply is accepted, then reported failed with 131047.
        var sent = await scenario.WaitForSentAsync(3, "the template after the free-form reply failed late");
        Assert.Equal(["Bot here!", "Are you still interested?", "template:follow_up"], sent.Take(3));
        Assert.Empty(await scenario.RefusedSendsAsync());
    }

    [Fact]
    public async Task A_throttled_send_is_retried_later_and_succeeds()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("Worth the wait."));
        await scenario.QueueProviderFaultAsync(130429, 2);

        await scenario.CustomerSaysAsync("hello?");

        Assert.Equal(["Worth the wait."], await scenario.WaitForSentAsync(1, "the reply after throttling"));
        Assert.Equal([130429, 130429], await scenario.RefusedSendsAsync());
    }

    [Fact]
    public async Task Metadata_retention_writes_no_message_body_to_the_database()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("Private reply"), retention: "metadata");

        await scenario.CustomerSaysAsync("My secret question");
        await scenario.WaitForSentAsync(1, "the reply");
        await scenario.WaitForCompletedTurnsAsync(1);

        await using var db = Npgsql.NpgsqlDataSource.Create(running.App.GetConnectionString("messaging"));
        await using var command = db.CreateCommand("SELECT count(*), count(body) FROM agent.messages WHERE workspace_id = @w");
        command.Parameters.AddWithValue("w", scenario.WorkspaceId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.True(reader.GetInt64(0) >= 2, "inbound and outbound messages are recorded");
        Assert.Equal(0, reader.GetInt64(1));
    }

    [Fact]
    public async Task The_offline_default_answers_from_the_demo_workspace_knowledge()
    {
        using var sandbox = running.App.CreateHttpClient("sandbox");
        var customer = "+3162" + Random.Shared.Next(1_000_000, 9_999_999);

        using var simulated = await sandbox.PostAsJsonAsync("/sandbox/api/simulate/meta", new
        {
            business = Messaging.AppHost.Demo.DemoAccounts.MetaPhoneNumberId,
            customer,
            customerName = "Tom",
            text = "Do you have vegan options on the menu?",
        }, TestContext.Current.CancellationToken);
        Assert.True(simulated.IsSuccessStatusCode);

        var reply = await Eventually.ReturnsAsync(
            async () => await sandbox.GetStringAsync(new Uri($"/sandbox/api/calls?provider=meta&kind=send&phone={Uri.EscapeDataString(customer)}", UriKind.Relative), TestContext.Current.CancellationToken),
            body => body.Contains("\"responseStatus\":200", StringComparison.Ordinal),
            "the demo bot answers", TimeSpan.FromSeconds(60));
        Assert.Contains("vegan", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_semantic_rule_matches_by_meaning_and_its_prompt_joins_the_persona_for_the_ai_reply()
    {
        var scenario = await AgentScenario.CreateAsync(running,
            [AgentScenario.Semantic("booking", "the customer wants to reserve a table", 0.35, "BOOKING-RULE: ask for the date, time and party size.")],
            AgentScenario.CannedDefault("default reply"), _ai, credits: 5);
        _ai.EnqueueText("Happy to help! For which day and how many people?");

        await scenario.CustomerSaysAsync("Hello, I want to reserve a table please");

        Assert.Equal(["Happy to help! For which day and how many people?"], await scenario.WaitForSentAsync(1, "the semantic rule's AI reply"));
        var system = _ai.ChatRequests[^1].Messages.First(m => m.GetProperty("role").GetString() == "system").GetRawText();
        Assert.Contains("BOOKING-RULE", system, StringComparison.Ordinal);
        Assert.Contains("friendly assistant of a test business", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_delivered_after_the_24_hour_window_is_answered_with_the_approved_template()
    {
        var scenario = await AgentScenario.CreateAsync(running, [], AgentScenario.CannedDefault("A free-form reply"));

        await scenario.CustomerSaidLongAgoAsync("wamid.late-1", "are you there?", DateTimeOffset.UtcNow.AddDays(-2));

        Assert.Equal(["template:follow_up"], await scenario.WaitForSentAsync(1, "the template"));
        Assert.DoesNotContain(131047, await scenario.RefusedSendsAsync());
    }
}
