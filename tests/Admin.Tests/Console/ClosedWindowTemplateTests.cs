using System.Net.Http.Json;
using Admin.Tests.Tenancy;
using Messaging.Testing;

namespace Admin.Tests.Console;

/// <summary>
/// The templates page marks the template the bot sends once a customer's 24-hour window is
/// closed, chosen by the Agent's own rule: approved, utility before marketing, by name, never
/// authentication, and on Twilio numbers one with a content SID.
/// </summary>
public sealed class ClosedWindowTemplateTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await AdminApp.StartAsync(postgres, redis);

    public async ValueTask DisposeAsync() => await _admin.DisposeAsync();

    async Task AddTemplateAsync(string workspaceId, string name, string category, string status = "approved", string? contentSid = null)
    {
        var response = await _admin.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/templates",
            new { name, language = "en", category, body = "Hi {{1}}, about your message: {{2}}", status, twilioContentSid = contentSid }, Ct);
        await AdminApp.ReadSuccessAsync(response);
    }

    async Task<(ConsoleBrowser Browser, string Slug, string WorkspaceId)> SignedInAsync()
    {
        var slug = "templates-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "operator");
        var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        return (browser, slug, workspaceId);
    }

    static Dictionary<string, string> Badges(ConsoleBrowser.Page page) =>
        page.Document.QuerySelectorAll("tr[data-template]")
            .Where(row => row.QuerySelector("[data-testid=closed-window]") is not null)
            .ToDictionary(row => row.GetAttribute("data-template")!, row => row.QuerySelector("[data-testid=closed-window]")!.TextContent.Trim());

    [Fact]
    public async Task The_approved_utility_template_first_by_name_is_marked_as_used_when_the_window_is_closed()
    {
        var (browser, slug, workspaceId) = await SignedInAsync();
        using var _ = browser;
        await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("558" + Random.Shared.Next(1_000_000, 9_999_999)));
        await AddTemplateAsync(workspaceId, "a_offer", "marketing");
        await AddTemplateAsync(workspaceId, "a_login_code", "authentication");
        await AddTemplateAsync(workspaceId, "a_pending_notice", "utility", status: "pending");
        await AddTemplateAsync(workspaceId, "c_follow_up", "utility");
        await AddTemplateAsync(workspaceId, "b_follow_up", "utility");

        var page = await browser.GetAsync($"/admin/w/{slug}/templates");

        Assert.Equal(new Dictionary<string, string> { ["b_follow_up"] = "used when the 24-hour window is closed" }, Badges(page));
        Assert.Null(page.Document.QuerySelector("[data-testid=no-closed-window-template]"));
    }

    [Fact]
    public async Task A_twilio_number_uses_the_first_template_with_a_content_sid_and_a_number_without_one_is_flagged()
    {
        var (browser, slug, workspaceId) = await SignedInAsync();
        using var _ = browser;
        await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("557" + Random.Shared.Next(1_000_000, 9_999_999)));
        await _admin.CreateChannelAsync(workspaceId, AdminApp.TwilioChannel("whatsapp:+1555" + Random.Shared.Next(1_000_000, 9_999_999)));
        await AddTemplateAsync(workspaceId, "a_follow_up", "utility");

        var withoutSid = await browser.GetAsync($"/admin/w/{slug}/templates");
        Assert.Equal(new Dictionary<string, string> { ["a_follow_up"] = "used when the 24-hour window is closed on Meta numbers" }, Badges(withoutSid));
        Assert.Contains("Twilio numbers", withoutSid.Document.QuerySelector("[data-testid=no-closed-window-template]")!.TextContent, StringComparison.Ordinal);

        await AddTemplateAsync(workspaceId, "z_offer", "marketing", contentSid: "HX" + new string('b', 32));
        var page = await browser.GetAsync($"/admin/w/{slug}/templates");

        Assert.Equal(new Dictionary<string, string>
        {
            ["a_follow_up"] = "used when the 24-hour window is closed on Meta numbers",
            ["z_offer"] = "used when the 24-hour window is closed on Twilio numbers",
        }, Badges(page));
        Assert.Null(page.Document.QuerySelector("[data-testid=no-closed-window-template]"));
    }
}
