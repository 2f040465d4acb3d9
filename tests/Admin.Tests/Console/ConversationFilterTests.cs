using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Contracts.Operators;
using Admin.Tests.Tenancy;
using Messaging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Admin.Tests.Console;

/// <summary>
/// The conversation list's unanswered and opted-out filters: passed to the Agent together with
/// the search and the other filters, the reason shown, kept by the list's links. The Agent is a
/// loopback stand-in that records what the console asked and answers in the operator API's shape
/// (the Agent's own filtering is tested in Agent.Tests, OperatorsApiTests).
/// </summary>
public sealed class ConversationFilterTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    readonly ConcurrentQueue<string> _queries = new();
    readonly ConcurrentQueue<string> _operators = new();
    WebApplication _agent = null!;
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _agent = StandInService.Create();
        _agent.MapGet("/api/agent/conversations", (HttpRequest request) =>
        {
            _queries.Enqueue(request.QueryString.Value ?? "");
            _operators.Enqueue(request.Headers[OperatorHeader.Name].ToString());
            var channelId = request.Query["channelId"].ToString();
            var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
            return Results.Json(new
            {
                conversations = new[]
                {
                    new
                    {
                        id = Guid.NewGuid(), workspaceId = request.Query["workspaceId"].ToString(), channelId, state = "bot",
                        assignedOperator = (string?)null, handoffReason = (string?)null,
                        contact = new { id = Guid.NewGuid(), phone = "351912345678", profileName = "Ana", optedOut = true, optedOutAt = at },
                        lastInboundAt = at, lastMessageAt = at, createdAt = at.AddHours(-1),
                        unanswered = new { code = "credits_exhausted", reason = "No credits left for an AI reply.", turnId = "turn-1", at },
                    },
                },
                nextBefore = at.AddMinutes(-1),
            });
        });
        await _agent.StartAsync(Ct);
        _admin = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?> { ["Console:AgentUrl"] = _agent.Urls.Single() });
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _agent.DisposeAsync();
    }

    async Task<(ConsoleBrowser Browser, string Slug, string ChannelId)> SignedInAsync()
    {
        var (browser, slug, channelId, _, _) = await SignedInMemberAsync();
        return (browser, slug, channelId);
    }

    async Task<(ConsoleBrowser Browser, string Slug, string ChannelId, string WorkspaceId, string Email)> SignedInMemberAsync()
    {
        var slug = "filters-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var channel = await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("559" + Random.Shared.Next(1_000_000, 9_999_999)));
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "operator");
        var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        return (browser, slug, channel.GetProperty("id").GetString()!, workspaceId, email);
    }

    [Fact]
    public async Task The_console_names_the_signed_in_operator_on_its_reads()
    {
        var (browser, slug, _, workspaceId, email) = await SignedInMemberAsync();
        using var _ = browser;
        _operators.Clear();

        var list = await browser.GetAsync($"/admin/w/{slug}/conversations");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        // The Agent scopes the list to that user's workspaces itself: the console must say who asks.
        var members = await _admin.Client.GetFromJsonAsync<JsonElement>($"/api/tenancy/workspaces/{workspaceId}/members", Ct);
        var userId = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("userId").GetString();
        Assert.Equal(userId, Assert.Single(_operators));
    }

    [Fact]
    public async Task Unanswered_combined_with_search_channel_and_state_reaches_the_agent_and_the_reason_is_shown()
    {
        var (browser, slug, channelId) = await SignedInAsync();
        using var _ = browser;
        _queries.Clear();

        // What the filter form (method get) asks for.
        var filtered = await browser.GetAsync($"/admin/w/{slug}/conversations?q=ana&state=bot&show=unanswered&channel={channelId}");

        Assert.Equal(HttpStatusCode.OK, filtered.Status);
        var query = Assert.Single(_queries);
        Assert.Contains("&unanswered=true", query, StringComparison.Ordinal);
        Assert.Contains("&search=ana", query, StringComparison.Ordinal);
        Assert.Contains("&state=bot", query, StringComparison.Ordinal);
        Assert.Contains($"&channelId={channelId}", query, StringComparison.Ordinal);
        Assert.DoesNotContain("optedOut", query, StringComparison.Ordinal);
        Assert.Equal("No reply: No credits left for an AI reply.", filtered.Document.QuerySelector("[data-testid=unanswered-reason]")!.TextContent.Trim());
        Assert.Contains("opted out", filtered.Text, StringComparison.Ordinal);
        Assert.Equal("unanswered", filtered.Document.QuerySelector("#show option[selected]")!.GetAttribute("value"));
        // The live feed refetches this very address, and the next page keeps the filter too.
        Assert.Contains("show=unanswered", filtered.Address.Query, StringComparison.Ordinal);
        Assert.Contains("show=unanswered", filtered.Document.QuerySelector("a.button")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opted_out_is_asked_of_the_agent_and_an_unknown_filter_or_a_nul_search_is_a_400()
    {
        var (browser, slug, _) = await SignedInAsync();
        using var _ = browser;
        _queries.Clear();

        var optedOut = await browser.GetAsync($"/admin/w/{slug}/conversations?show=opted_out&q=351");
        Assert.Equal(HttpStatusCode.OK, optedOut.Status);
        var query = Assert.Single(_queries);
        Assert.Contains("&optedOut=true", query, StringComparison.Ordinal);
        Assert.Contains("&search=351", query, StringComparison.Ordinal);

        var refused = await browser.GetAsync($"/admin/w/{slug}/conversations?show=everything");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        // A search no stored text can contain is refused here, not reported as the Agent being unreachable.
        var nul = await browser.GetAsync($"/admin/w/{slug}/conversations?q=an%00a");
        Assert.Equal(HttpStatusCode.BadRequest, nul.Status);
        Assert.Single(_queries);
    }
}
