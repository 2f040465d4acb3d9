using System.Net;
using Admin.Tests.Tenancy;
using Messaging.Testing;

namespace Admin.Tests.Console;

/// <summary>Sign-in, lockout, workspace scoping and anti-forgery of the console pages, against a real PostgreSQL and Redis.</summary>
public sealed class ConsoleAccessTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await AdminApp.StartAsync(postgres, redis);

    public async ValueTask DisposeAsync() => await _admin.DisposeAsync();

    static string Slug(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_sign_in_page()
    {
        using var browser = new ConsoleBrowser(_admin);
        var page = await browser.GetAsync("/admin/w/anything/conversations");
        Assert.Equal("/admin/account/sign-in", page.Address.AbsolutePath);
        Assert.NotNull(page.Document.QuerySelector("input[name=Password]"));
    }

    [Fact]
    public async Task Signing_in_shows_the_members_workspaces_and_signing_out_ends_the_session()
    {
        var slug = Slug("signin");
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var browser = new ConsoleBrowser(_admin);

        var home = await browser.SignInAsync(email, password);
        Assert.Equal("/admin", home.Address.AbsolutePath);
        Assert.NotNull(home.Document.QuerySelector($"a[href='/admin/w/{slug}']"));

        await browser.SubmitAsync(home, "Sign out");
        var after = await browser.GetAsync($"/admin/w/{slug}");
        Assert.Equal("/admin/account/sign-in", after.Address.AbsolutePath);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var workspaceId = await _admin.CreateWorkspaceAsync(Slug("lockout"));
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "operator");
        using var browser = new ConsoleBrowser(_admin);

        var wrong = await browser.SignInAsync(email, "not-the-password-1");
        Assert.Contains("The email or password is not right.", wrong.Text, StringComparison.Ordinal);
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await browser.SignInAsync(email, "not-the-password-1");
        }

        var locked = await browser.SignInAsync(email, password);
        Assert.Contains("locked", locked.Text, StringComparison.Ordinal);
        Assert.Equal("/admin/account/sign-in", locked.Address.AbsolutePath);
    }

    [Fact]
    public async Task Every_page_of_another_workspace_answers_404()
    {
        var mine = Slug("mine");
        var theirs = Slug("theirs");
        var myId = await _admin.CreateWorkspaceAsync(mine);
        await _admin.CreateWorkspaceAsync(theirs);
        var (email, password) = await _admin.CreateMemberAsync(myId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/admin/w/{mine}")).Status);
        foreach (var path in ConsolePaths.Of(theirs))
        {
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{path} answered {(int)page.Status}");
        }
    }

    [Fact]
    public async Task An_operator_cannot_open_the_owners_pages_and_an_owner_can()
    {
        var slug = Slug("roles");
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var owner = await _admin.CreateMemberAsync(workspaceId, "owner");
        var op = await _admin.CreateMemberAsync(workspaceId, "operator");
        using var ownerBrowser = new ConsoleBrowser(_admin);
        using var operatorBrowser = new ConsoleBrowser(_admin);
        await ownerBrowser.SignInAsync(owner.Email, owner.Password);
        await operatorBrowser.SignInAsync(op.Email, op.Password);

        Assert.Equal(HttpStatusCode.OK, (await ownerBrowser.GetAsync($"/admin/w/{slug}/members")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorBrowser.GetAsync($"/admin/w/{slug}/members")).Status);
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        var workspaceId = await _admin.CreateWorkspaceAsync(Slug("csrf"));
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        var home = await browser.SignInAsync(email, password);
        var forged = Slug("forged");

        var refused = await browser.PostAsync("/admin", new Dictionary<string, string> { ["Name"] = "Forged", ["Slug"] = forged, ["TimeZone"] = "UTC" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.DoesNotContain(forged, (await browser.GetAsync("/admin")).Text, StringComparison.Ordinal);
        // The same form with the token the page rendered goes through.
        var created = await browser.SubmitAsync(home, "Create workspace", new Dictionary<string, string> { ["Name"] = "Real", ["Slug"] = forged });
        Assert.Equal($"/admin/w/{forged}", created.Address.AbsolutePath);
    }

    [Fact]
    public async Task An_invited_person_joins_as_operator_and_an_owner_can_reset_their_password()
    {
        var slug = Slug("invite");
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var owner = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var ownerBrowser = new ConsoleBrowser(_admin);
        await ownerBrowser.SignInAsync(owner.Email, owner.Password);
        var invitee = $"new-{Guid.NewGuid():N}@example.com";

        var members = await ownerBrowser.GetAsync($"/admin/w/{slug}/members");
        var invited = await ownerBrowser.SubmitAsync(members, "Send invitation", new Dictionary<string, string> { ["Email"] = invitee, ["Role"] = "operator" });
        var link = new Uri(invited.Document.QuerySelector("[data-testid=shared-link]")!.GetAttribute("value")!);

        using var inviteeBrowser = new ConsoleBrowser(_admin);
        var join = await inviteeBrowser.GetAsync(link.PathAndQuery);
        var weak = await inviteeBrowser.SubmitAsync(join, "Join", new Dictionary<string, string> { ["DisplayName"] = "Nina", ["Password"] = "short" });
        Assert.Contains("at least 10 characters", weak.Text, StringComparison.Ordinal);
        var joined = await inviteeBrowser.SubmitAsync(weak, "Join", new Dictionary<string, string> { ["DisplayName"] = "Nina", ["Password"] = "first-password-1" });
        Assert.Equal($"/admin/w/{slug}", joined.Address.AbsolutePath);
        // The invitation is used up.
        Assert.Equal(HttpStatusCode.NotFound, (await new ConsoleBrowser(_admin).GetAsync(link.PathAndQuery)).Status);

        members = await ownerBrowser.GetAsync($"/admin/w/{slug}/members");
        var row = members.Document.QuerySelector($"tr[data-member='{invitee}']")!;
        Assert.Contains("operator", row.TextContent, StringComparison.Ordinal);
        var userId = row.QuerySelector("input[name=UserId]")!.GetAttribute("value")!;
        var reset = await ownerBrowser.SubmitAsync(members, "Reset password", new Dictionary<string, string> { ["UserId"] = userId });
        var resetLink = new Uri(reset.Document.QuerySelector("[data-testid=shared-link]")!.GetAttribute("value")!);

        using var later = new ConsoleBrowser(_admin);
        var choose = await later.GetAsync(resetLink.PathAndQuery);
        await later.SubmitAsync(choose, "Save password", new Dictionary<string, string> { ["Password"] = "second-password-2" });
        Assert.Equal("/admin/account/sign-in", (await later.SignInAsync(invitee, "first-password-1")).Address.AbsolutePath);
        Assert.Equal("/admin", (await later.SignInAsync(invitee, "second-password-2")).Address.AbsolutePath);
    }
}
