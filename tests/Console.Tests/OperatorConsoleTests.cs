using System.Net.Http.Json;
using System.Text.Json;
using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsoleTests;

/// <summary>
/// The operator console in a real browser against the whole product: the demo owner signs in,
/// watches a customer's message from the phone simulator and the bot's reply arrive without a
/// reload, takes over, replies by hand (and the Sandbox receives exactly that text), releases;
/// a member of another workspace gets 404 for every page of the demo workspace.
/// </summary>
public sealed class OperatorConsoleTests(ConsoleApp console) : IClassFixture<ConsoleApp>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_sees_a_conversation_live_takes_it_over_replies_and_releases_it()
    {
        var page = await console.NewPageAsync();
        var (email, password) = console.DemoLogin;
        await console.SignInAsync(page, email, password);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("Café Aurora") }).ClickAsync();
        // The demo's channels were never checked with the provider: the checklist says so, and Verify fixes it.
        await Assertions.Expect(page.Locator("[data-testid=checklist-progress]")).ToHaveTextAsync("4 of 5 done");
        await page.Locator("[data-step=channel]").GetByRole(AriaRole.Link, new() { Name = "Verify" }).ClickAsync();
        var meta = page.Locator("[data-channel]", new() { HasText = "Meta, Sandbox" });
        await meta.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(meta.Locator("[data-testid=check-result]")).ToContainTextAsync("Verified");
        await Assertions.Expect(meta.Locator("[data-testid=health]")).ToHaveTextAsync("verified");
        await meta.GetByRole(AriaRole.Button, new() { Name = "Test webhook" }).ClickAsync();
        await Assertions.Expect(meta.Locator("[data-testid=check-result]")).ToContainTextAsync("arrived for this channel", new() { Timeout = 30_000 });
        var twilio = page.Locator("[data-channel]", new() { HasText = "Twilio, Sandbox" });
        await twilio.GetByRole(AriaRole.Button, new() { Name = "Test webhook" }).ClickAsync();
        await Assertions.Expect(twilio.Locator("[data-testid=check-result]")).ToContainTextAsync("arrived for this channel", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=checklist-progress]")).ToHaveTextAsync("5 of 5 done");
        await page.GetByRole(AriaRole.Link, new() { Name = "Conversations", Exact = true }).ClickAsync();

        // The customer writes from the phone simulator; the open list shows the conversation without a reload.
        var customer = "+4477009" + Random.Shared.Next(10_000, 99_999);
        var phone = await console.NewPageAsync();
        await phone.GotoAsync("/sandbox/");
        await phone.Locator("#customer").FillAsync(customer);
        await phone.Locator("#customerName").FillAsync("Lena Live");
        await phone.Locator("#text").FillAsync("when are you open?");
        await phone.Locator("#text").PressAsync("Enter");
        var row = page.Locator("[data-conversation]", new() { HasText = customer.TrimStart('+') });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator(".message.out.bot")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        var conversationUrl = page.Url;

        // A second message while the transcript is open: the bot's answer appears in it, no reload.
        await phone.Locator("#text").FillAsync("and where are you?");
        await phone.Locator("#text").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message.out.bot")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        Assert.Equal(conversationUrl, page.Url);
        await Assertions.Expect(page.Locator(".message.out.bot [data-testid=tick]").First).Not.ToHaveTextAsync("…", new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Take over" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=conversation-state]")).ToHaveTextAsync("Taken over by Aurora Owner");
        const string manual = "Hi Lena, *Aurora* here: we are open 8:00-18:00 today.\nSee you!";
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^Reply as Aurora Owner")).FillAsync(manual);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".message.out.operator .author")).ToHaveTextAsync("Aurora Owner", new() { Timeout = 60_000 });
        var sent = await Eventually.ReturnsAsync(() => console.SentToAsync(customer), s => s.Contains(manual), "the manual reply reached the Sandbox as written", TimeSpan.FromSeconds(60));
        Assert.Equal(manual, sent[^1]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Release to the bot" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=conversation-state]")).ToHaveTextAsync("Bot answers");

        await ScreenshotsAsync(page, conversationUrl);
    }

    [Fact]
    public async Task A_member_of_another_workspace_gets_404_for_every_page_of_the_demo_workspace()
    {
        var demoId = await console.DemoWorkspaceIdAsync();
        using var admin = console.App.CreateHttpClient("admin");
        using var created = await admin.PostAsJsonAsync("/api/tenancy/workspaces", new { name = "Other Salon", slug = "other-salon", timeZone = "UTC" }, Ct);
        var otherId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        using var member = await admin.PutAsJsonAsync($"/api/tenancy/workspaces/{otherId}/members",
            new { email = "owner@other-salon.example", displayName = "Olga Other", password = "other-salon-pass-1", role = "owner" }, Ct);
        member.EnsureSuccessStatusCode();
        using var agent = console.App.CreateHttpClient("agent");
        var conversations = await agent.GetFromJsonAsync<JsonElement>($"/api/agent/conversations?workspaceId={demoId}", Ct);
        var demoConversation = conversations.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("id").GetString()).FirstOrDefault()
            ?? Guid.NewGuid().ToString();

        var page = await console.NewPageAsync();
        await console.SignInAsync(page, "owner@other-salon.example", "other-salon-pass-1");
        var own = await page.GotoAsync("/admin/w/other-salon");
        Assert.Equal(200, own!.Status);
        foreach (var path in DemoPaths(demoConversation))
        {
            var response = await page.APIRequest.GetAsync(path);
            Assert.True(response.Status == 404, $"{path} answered {response.Status} to a member of another workspace");
        }
        // And the owner of the demo workspace does see them.
        var demo = await console.NewPageAsync();
        await console.SignInAsync(demo, console.DemoLogin.Email, console.DemoLogin.Password);
        foreach (var path in DemoPaths(demoConversation).Where(p => !p.EndsWith("/live", StringComparison.Ordinal) && !p.Contains("/conversations/", StringComparison.Ordinal)))
        {
            Assert.Equal(200, (await demo.GotoAsync(path))!.Status);
        }
    }

    static IEnumerable<string> DemoPaths(string conversationId)
    {
        const string root = "/admin/w/cafe-aurora";
        return [root, root + "/conversations", root + "/conversations/" + conversationId, root + "/channels", root + "/members", root + "/live"];
    }

    /// <summary>Every main page at desktop width and at a phone's 390 px, for the README.</summary>
    async Task ScreenshotsAsync(IPage desktop, string conversationUrl)
    {
        var phone = await console.NewPageAsync(phone: true);
        await console.SignInAsync(phone, console.DemoLogin.Email, console.DemoLogin.Password);
        var pages = new (string Name, string Path)[]
        {
            ("workspaces", "/admin"),
            ("overview", "/admin/w/cafe-aurora"),
            ("conversations", "/admin/w/cafe-aurora/conversations"),
            ("conversation", new Uri(conversationUrl).PathAndQuery),
            ("channels", "/admin/w/cafe-aurora/channels"),
            ("members", "/admin/w/cafe-aurora/members"),
        };
        foreach (var (name, path) in pages)
        {
            foreach (var (page, size) in new[] { (desktop, "desktop"), (phone, "phone") })
            {
                await page.GotoAsync(path);
                await page.ScreenshotAsync(new() { Path = Screenshots.PathFor($"console-{name}-{size}.png"), FullPage = true });
            }
        }
        var signIn = await console.NewPageAsync(phone: true);
        await signIn.GotoAsync("/admin");
        await signIn.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-sign-in-phone.png"), FullPage = true });
    }
}
