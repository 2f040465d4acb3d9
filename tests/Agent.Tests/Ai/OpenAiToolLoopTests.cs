using System.Text.Json;
using Agent.Ai.Generation;
using Agent.Ai.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Ai;

/// <summary>The kernel, its plugins and filter, through Microsoft.Extensions.AI.OpenAI, against a scripted OpenAI-compatible server.</summary>
public sealed class OpenAiToolLoopTests : IAsyncLifetime
{
    // The model sees each kernel function under its plugin's name.
    const string Search = "knowledge_" + ToolNames.SearchKnowledge;
    const string Hours = "hours_" + ToolNames.BusinessHours;
    const string Booking = "hours_" + ToolNames.CheckBooking;
    const string Lead = "leads_" + ToolNames.CaptureLead;
    const string Human = "handoff_" + ToolNames.RequestHuman;

    ScriptedOpenAiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedOpenAiServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Executes_the_requested_tools_feeds_their_results_back_and_returns_the_final_text_with_usage()
    {
        _server.EnqueueToolCalls(100, 30,
            new ScriptedToolCall(Lead, """{"email":"ana@example.com","name":"Ana","interest":"balayage"}""", "call_lead"),
            new ScriptedToolCall(Human, """{"reason":"Wants a custom colour quote"}""", "call_human"));
        _server.EnqueueText("Thanks Ana! A colleague will reply here shortly.", inputTokens: 160, outputTokens: 12);
        await using var services = AiTestKit.Services();
        var actions = new RecordingActions();

        var result = await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server)), "I'd like balayage, ana@example.com, can someone call me?", actions),
            TestContext.Current.CancellationToken);

        Assert.Equal("Thanks Ana! A colleague will reply here shortly.", result.Reply);
        Assert.Equal(ScriptedOpenAiServer.DefaultModel, result.ModelId);
        Assert.False(result.Offline);
        Assert.Equal((260, 42, 2), (result.InputTokens, result.OutputTokens, result.Rounds));
        Assert.Equal("stop", result.FinishReason);
        Assert.True(result.CapturedLead);
        Assert.True(result.RequestedHuman);
        Assert.Equal([ToolNames.CaptureLead, ToolNames.RequestHuman], result.ToolCalls.Select(call => call.Name));
        Assert.All(result.ToolCalls, call => Assert.Null(call.Error));
        Assert.Contains("ana@example.com", result.ToolCalls[0].ArgumentsJson, StringComparison.Ordinal);
        Assert.Equal(new LeadDetails("ana@example.com", "Ana", "balayage"), Assert.Single(actions.Leads));
        Assert.Equal("Wants a custom colour quote", Assert.Single(actions.HumanRequests));

        var first = _server.ChatRequests[0];
        Assert.Equal("Bearer test-key", first.Authorization);
        Assert.Equal(ScriptedOpenAiServer.DefaultModel, first.Body.GetProperty("model").GetString());
        Assert.Equal([Search, Hours, Booking, Lead, Human], first.ToolNames);
        Assert.Equal("system", first.Messages[0].GetProperty("role").GetString());
        Assert.Contains(AiTestKit.PersonaPrompt, first.Messages[0].GetProperty("content").ToString(), StringComparison.Ordinal);
        var user = first.Messages[^1].GetProperty("content").ToString();
        Assert.Contains("Customer name: Ana Silva", user, StringComparison.Ordinal);
        Assert.Contains("<customer_message>\nI'd like balayage", user, StringComparison.Ordinal);

        var second = _server.ChatRequests[1];
        var assistant = second.Messages.Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal(["call_lead", "call_human"], assistant.GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var toolMessages = second.Messages.Where(m => m.GetProperty("role").GetString() == "tool").ToList();
        Assert.Equal(["call_lead", "call_human"], toolMessages.Select(m => m.GetProperty("tool_call_id").GetString()));
        using var leadResult = JsonDocument.Parse(toolMessages[0].GetProperty("content").ToString());
        Assert.True(leadResult.RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal("ana@example.com", leadResult.RootElement.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Unknown_tools_and_bad_arguments_go_back_to_the_model_as_errors_and_the_reply_still_comes()
    {
        _server.EnqueueToolCalls(
            new ScriptedToolCall(Lead, """{"email":"not-an-email","name":"Ana"}"""),
            new ScriptedToolCall("delete_everything", "{}"),
            new ScriptedToolCall(Search, "{not json"),
            new ScriptedToolCall(Search, "{}"));
        _server.EnqueueText("Could you check your email address?");
        await using var services = AiTestKit.Services();
        var actions = new RecordingActions();

        var result = await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server)), "my email is not-an-email", actions),
            TestContext.Current.CancellationToken);

        Assert.Equal("Could you check your email address?", result.Reply);
        Assert.Equal(4, result.ToolCalls.Count);
        Assert.All(result.ToolCalls, call => Assert.NotNull(call.Error));
        Assert.Contains("not a valid email", result.ToolCalls[0].Error, StringComparison.Ordinal);
        Assert.Contains("\"delete_everything\" not found", result.ToolCalls[1].Error, StringComparison.Ordinal);
        Assert.Contains("Invalid arguments for search_knowledge", result.ToolCalls[2].Error, StringComparison.Ordinal);
        Assert.Contains("query", result.ToolCalls[3].Error, StringComparison.Ordinal);
        Assert.Empty(actions.Leads);
        Assert.False(result.CapturedLead);

        var toolMessages = _server.ChatRequests[1].Messages.Where(m => m.GetProperty("role").GetString() == "tool").ToList();
        Assert.Equal(4, toolMessages.Count);
        Assert.Contains("\"delete_everything\" not found", toolMessages[1].GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.All(toolMessages.Where((_, i) => i != 1), m => Assert.Contains("\"error\"", m.GetProperty("content").ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_effect_becomes_an_error_result_not_an_exception()
    {
        _server.EnqueueToolCalls(new ScriptedToolCall(Lead, """{"email":"ana@example.com"}"""));
        _server.EnqueueText("Sorry, I could not save that just now.");
        await using var services = AiTestKit.Services();

        var result = await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server)), "ana@example.com", new RecordingActions { FailWith = new InvalidOperationException("database down") }),
            TestContext.Current.CancellationToken);

        Assert.Equal("Sorry, I could not save that just now.", result.Reply);
        Assert.Contains("capture_lead failed", Assert.Single(result.ToolCalls).Error, StringComparison.Ordinal);
        Assert.DoesNotContain("database down", _server.ChatRequests[1].Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_last_tool_round_the_model_is_asked_without_tools_and_must_answer()
    {
        for (var i = 0; i < 2; i++)
        {
            _server.EnqueueToolCalls(new ScriptedToolCall(Hours, "{}"));
        }
        _server.EnqueueText("We open at 09:00.");
        await using var services = AiTestKit.Services(settings: new Dictionary<string, string?> { ["Ai:MaxToolRounds"] = "2" });

        var result = await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server)), "When do you open?", new RecordingActions()),
            TestContext.Current.CancellationToken);

        Assert.Equal("We open at 09:00.", result.Reply);
        Assert.Equal(3, result.Rounds);
        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Equal(3, _server.ChatRequests.Count);
        Assert.False(_server.ChatRequests[1].Body.TryGetProperty("tool_choice", out var auto) && auto.GetString() == "none");
        Assert.Equal("none", _server.ChatRequests[2].Body.GetProperty("tool_choice").GetString());
    }

    [Fact]
    public async Task A_model_that_never_stops_calling_tools_fails_with_a_clear_reason()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.EnqueueToolCalls(new ScriptedToolCall(Hours, "{}"));
        }
        await using var services = AiTestKit.Services(settings: new Dictionary<string, string?> { ["Ai:MaxToolRounds"] = "2" });

        var failure = await Assert.ThrowsAsync<ReplyGenerationException>(() => services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server)), "When do you open?", new RecordingActions()),
            TestContext.Current.CancellationToken));

        Assert.Equal(GenerationFailure.EmptyReply, failure.Reason);
        Assert.Equal(3, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task Provider_errors_surface_as_ReplyGenerationException()
    {
        _server.EnqueueError(401, "Incorrect API key provided");
        await using var services = AiTestKit.Services();

        var failure = await Assert.ThrowsAsync<ReplyGenerationException>(() => services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server, apiKey: "wrong")), "Hello", new RecordingActions()),
            TestContext.Current.CancellationToken));

        Assert.Equal(GenerationFailure.ProviderError, failure.Reason);
        Assert.Contains("401", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_provider_surfaces_as_ReplyGenerationException()
    {
        var endpoint = _server.BaseUri;
        await _server.DisposeAsync();
        _server = await ScriptedOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        await using var services = AiTestKit.Services();
        var workspace = AiTestKit.Workspace(new Messaging.Tenancy.Model.AiSettings(Messaging.Tenancy.Model.AiMode.OpenAi, endpoint, "m", null, null));

        var failure = await Assert.ThrowsAsync<ReplyGenerationException>(() => services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(workspace, "Hello", new RecordingActions()), TestContext.Current.CancellationToken));

        Assert.True(failure.Reason == GenerationFailure.ProviderUnavailable, failure.ToString());
    }

    [Fact]
    public async Task Knowledge_search_uses_the_providers_embeddings_when_an_embedding_model_is_configured()
    {
        _server.EnqueueToolCalls(new ScriptedToolCall(Search, """{"query":"where are you located"}"""));
        _server.EnqueueText("We're at Rua das Flores 12.");
        await using var services = AiTestKit.Services();

        var result = await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server, embeddingModel: "scripted-embedding")), "Where are you?", new RecordingActions()),
            TestContext.Current.CancellationToken);

        var embeddingRequests = _server.Requests.Where(r => r.Path == "/v1/embeddings").ToList();
        Assert.NotEmpty(embeddingRequests);
        Assert.All(embeddingRequests, r => Assert.Equal("scripted-embedding", r.Body.GetProperty("model").GetString()));
        var toolMessage = _server.ChatRequests[1].Messages.Single(m => m.GetProperty("role").GetString() == "tool");
        using var matches = JsonDocument.Parse(toolMessage.GetProperty("content").ToString());
        Assert.Equal("Location and parking", matches.RootElement.GetProperty("matches")[0].GetProperty("title").GetString());
        Assert.Null(Assert.Single(result.ToolCalls).Error);
    }

    [Fact]
    public async Task Only_the_most_recent_history_that_fits_the_budget_is_sent_and_the_current_message_always_is()
    {
        _server.EnqueueText("Sure!");
        await using var services = AiTestKit.Services(settings: new Dictionary<string, string?> { ["Ai:HistoryTokenBudget"] = "200" });
        var history = Enumerable.Range(1, 30)
            .Select(i => new HistoryMessage(i % 2 == 1 ? HistoryAuthor.Customer : HistoryAuthor.Bot, $"message number {i:00} " + new string('x', 60)))
            .ToList();

        await services.GetRequiredService<IReplyGenerator>().GenerateAsync(
            AiTestKit.Request(AiTestKit.Workspace(AiTestKit.OpenAi(_server)), "And on Saturday?", new RecordingActions(), history: history),
            TestContext.Current.CancellationToken);

        var messages = _server.ChatRequests[0].Messages;
        var sentHistory = messages.Skip(1).SkipLast(1).Select(m => m.GetProperty("content").ToString()).ToList();
        Assert.InRange(sentHistory.Count, 1, 29);
        Assert.Contains("message number 30", sentHistory[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(sentHistory, text => text.Contains("message number 01", StringComparison.Ordinal));
        var kept = history.TakeLast(sentHistory.Count).Sum(m => HistoryWindow.EstimateTokens(m.Text));
        Assert.True(kept + HistoryWindow.EstimateTokens("And on Saturday?") <= 200);
        Assert.Contains("And on Saturday?", messages[^1].GetProperty("content").ToString(), StringComparison.Ordinal);
    }
}
