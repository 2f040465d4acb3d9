using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Admin.Tests.Tenancy;
using Messaging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Admin.Tests.Console;

/// <summary>
/// An unanswered conversation's page shows why the bot did not answer and offers "Re-run the
/// turn", which asks the Agent's operator API to answer again in the signed-in operator's name;
/// the Agent's refusal is shown as it explains it. The Agent is a loopback stand-in in the
/// operator API's shape (the re-run itself is tested in Agent.Tests).
/// </summary>
public sealed class ConversationRerunTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    const string Reason = "No credits left for an AI reply.";
    const string HumanRefusal = "A human operator handles the conversation: reply to it, or release it before re-running.";

    readonly ConcurrentDictionary<Guid, string> _workspaceOf = new();
    readonly ConcurrentDictionary<Guid, string> _stateOf = new();
    readonly ConcurrentQueue<(Guid Conversation, string Body)> _reruns = new();
    WebApplication _agent = null!;
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _agent = StandInService.Create();
        _agent.MapGet("/api/agent/conversations/{id:guid}", (Guid id) => _workspaceOf.TryGetValue(id, out var workspaceId)
            ? Results.Json(Summary(id, workspaceId, _stateOf[id]))
            : Results.NotFound());
        _agent.MapGet("/api/agent/conversations", (HttpRequest request) => Results.Json(new
        {
            conversations = _workspaceOf.Where(c => c.Value == request.Query["workspaceId"].ToString()).Select(c => Summary(c.Key, c.Value, _stateOf[c.Key])).ToArray(),
            nextBefore = (DateTimeOffset?)null,
        }));
        _agent.MapGet("/api/agent/conversations/{id:guid}/messages", () => Results.Json(new { messages = Array.Empty<object>(), nextBefore = (long?)null }));
        _agent.MapGet("/api/agent/conversations/{id:guid}/turns", () => Results.Json(Array.Empty<object>()));
        _agent.MapPost("/api/agent/conversations/{id:guid}/rerun", async (Guid id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _reruns.Enqueue((id, await reader.ReadToEndAsync()));
            return _stateOf[id] == "needs_human"
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to re-run", detail: HumanRefusal)
                : Results.Accepted($"/api/agent/conversations/{id}/turns", new { conversationId = id, turnId = "turn-rerun" });
        });
        await _agent.StartAsync(Ct);
        _admin = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?> { ["Console:AgentUrl"] = _agent.Urls.Single() });
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _agent.DisposeAsync();
    }

    static object Summary(Guid id, string workspaceId, string state)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        return new
        {
            id, workspaceId, channelId = Guid.NewGuid(), state,
            assignedOperator = state == "needs_human" ? "Someone" : null, handoffReason = (string?)null,
            contact = new { id = Guid.NewGuid(), phone = "351912345678", profileName = "Ana" },
            lastInboundAt = at, lastMessageAt = at, createdAt = at.AddHours(-1),
            unanswered = new { code = "credits_exhausted", reason = Reason, turnId = "turn-1", at },
        };
    }

    async Task<(ConsoleBrowser Browser, string Slug, string WorkspaceId)> SignedInOperatorAsync()
    {
        var slug = "rerun-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "operator");
        var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        return (browser, slug, workspaceId);
    }

    Guid Conversation(string workspaceId, string state)
    {
        var id = Guid.NewGuid();
        _stateOf[id] = state;
        _workspaceOf[id] = workspaceId;
        return id;
    }

    [Fact]
    public async Task An_unanswered_conversation_shows_its_reason_and_re_running_asks_the_agent_in_the_operators_name()
    {
        var (browser, slug, workspaceId) = await SignedInOperatorAsync();
        using var _ = browser;
        var id = Conversation(workspaceId, "bot");

        var page = await browser.GetAsync($"/admin/w/{slug}/conversations/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(Reason, page.Document.QuerySelector("[data-testid=unanswered] [data-testid=unanswered-reason]")!.TextContent.Trim());

        var done = await browser.SubmitAsync(page, "Re-run the turn");

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal("Re-run: the bot answers the customer's last message again now.", done.Document.QuerySelector(".notice")!.TextContent.Trim());
        var (conversation, body) = Assert.Single(_reruns);
        Assert.Equal(id, conversation);
        Assert.StartsWith("Member ", JsonDocument.Parse(body).RootElement.GetProperty("operator").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unanswered_list_offers_re_run_on_each_row_the_bot_handles_and_it_lands_on_the_conversation()
    {
        var (browser, slug, workspaceId) = await SignedInOperatorAsync();
        using var _ = browser;
        var botHandles = Conversation(workspaceId, "bot");
        var takenOver = Conversation(workspaceId, "needs_human");

        var list = await browser.GetAsync($"/admin/w/{slug}/conversations?show=unanswered");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Single(list.Document.QuerySelectorAll($"li[data-conversation='{botHandles}'] .row-action button"));
        Assert.Empty(list.Document.QuerySelectorAll($"li[data-conversation='{takenOver}'] .row-action"));
        var done = await browser.SubmitAsync(list, "Re-run the turn");

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal($"/admin/w/{slug}/conversations/{botHandles}", done.Address.AbsolutePath);
        Assert.Equal("Re-run: the bot answers the customer's last message again now.", done.Document.QuerySelector(".notice")!.TextContent.Trim());
        Assert.Equal(botHandles, Assert.Single(_reruns).Conversation);
    }

    [Fact]
    public async Task A_re_run_the_agent_refuses_shows_its_explanation()
    {
        var (browser, slug, workspaceId) = await SignedInOperatorAsync();
        using var _ = browser;
        var id = Conversation(workspaceId, "needs_human");
        var page = await browser.GetAsync($"/admin/w/{slug}/conversations/{id}");
        // Taken over: the page says what to do instead of offering the button.
        Assert.DoesNotContain(page.Document.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Re-run the turn");
        Assert.Contains("release it to the bot and re-run the turn", page.Document.QuerySelector("[data-testid=unanswered]")!.TextContent, StringComparison.Ordinal);

        // A page opened before someone took the conversation over still has the button: the Agent refuses, and the page says why.
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await browser.PostAsync($"/admin/w/{slug}/conversations/{id}?handler=Rerun", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains(HumanRefusal, refused.Document.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Single(_reruns);
    }

    [Fact]
    public async Task Another_workspaces_conversation_is_a_404_and_is_not_re_run()
    {
        var (browser, slug, _) = await SignedInOperatorAsync();
        using var _ = browser;
        var theirs = Conversation(await _admin.CreateWorkspaceAsync("rerun-other-" + Guid.NewGuid().ToString("N")[..8]), "bot");
        var own = await browser.GetAsync($"/admin/w/{slug}");
        var token = own.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var refused = await browser.PostAsync($"/admin/w/{slug}/conversations/{theirs}?handler=Rerun", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Empty(_reruns);
    }
}
