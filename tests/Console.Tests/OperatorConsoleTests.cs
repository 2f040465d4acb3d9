using System.Net.Http.Json;
using System.Text.Json;
using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using StackExchange.Redis;

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
        // The demo's channels start unchecked; a test of this class that already sent through them
        // made them healthy (a successful send is proof), so the channel step may be done already.
        await Assertions.Expect(page.Locator("[data-testid=checklist-progress]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[45] of 5 done$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Channels", Exact = true }).ClickAsync();
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
        // The demo has three businesses; this conversation is Café Aurora's, on its Meta number.
        await Assertions.Expect(phone.Locator("#channel option").First).ToBeAttachedAsync();
        var cafe = (await phone.Locator("#channel option").AllTextContentsAsync()).First(label => label.StartsWith("Café Aurora", StringComparison.Ordinal) && label.EndsWith("(Meta)", StringComparison.Ordinal));
        await phone.Locator("#channel").SelectOptionAsync(new SelectOptionValue { Label = cafe });
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
    public async Task The_keyboard_alone_signs_in_skips_to_the_content_and_reaches_the_workspace_pages_with_a_visible_focus()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/admin/account/sign-in");
        // The sign-in page opens with the cursor in its first field.
        Assert.Equal("Email", await FocusedAsync(page));
        await page.Keyboard.TypeAsync(console.DemoLogin.Email);
        await TabToAsync(page, "Password");
        await page.Keyboard.TypeAsync(console.DemoLogin.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"), new() { Timeout = 60_000 });

        await page.GotoAsync("/admin");
        // The first stop of every console page is the way past the header, and it shows where it is.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await FocusedAsync(page));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("content", await page.EvaluateAsync<string>("document.activeElement.id"));
        await TabToAsync(page, "Café Aurora", prefix: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=workspace-name]")).ToHaveTextAsync("Café Aurora");
        foreach (var section in new[] { "Conversations", "Replies", "Credits", "Settings" })
        {
            await TabToAsync(page, section);
            Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("nav.sidebar a[aria-current=page]")).ToHaveTextAsync(section);
        }
    }

    /// <summary>What a screen reader would announce for the focused element: its ARIA label, its label's text or its own.</summary>
    static Task<string> FocusedAsync(IPage page) => page.EvaluateAsync<string>("""
        (() => { const e = document.activeElement;
          return (e.getAttribute('aria-label') || (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent) || '').trim(); })()
        """);

    /// <summary>Presses Tab until the element named <paramref name="name"/> has the focus; fails if forty presses do not reach it.</summary>
    static async Task TabToAsync(IPage page, string name, bool prefix = false)
    {
        List<string> visited = [];
        for (var press = 0; press < 40; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await FocusedAsync(page);
            if (prefix ? focused.StartsWith(name, StringComparison.Ordinal) : focused == name)
            {
                return;
            }
            visited.Add(focused);
        }
        Assert.Fail($"Tab never reached '{name}' on {page.Url}; it went through: {string.Join(" | ", visited)}");
    }

    // Pages only: every POST handler of every workspace page, with a valid token, is walked by
    // Admin.Tests' CrossWorkspacePostTests, which finds the handlers from the Razor Pages themselves.
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
        using var agent = await console.App.CreateOperatorClientAsync("agent", demoId, Ct);
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

    [Fact]
    public async Task A_rule_added_in_the_editor_answers_the_message_tried_against_it()
    {
        var page = await console.NewPageAsync();
        await console.SignInAsync(page, console.DemoLogin.Email, console.DemoLogin.Password);
        await page.GotoAsync("/admin/w/cafe-aurora/replies");
        // The café's Meta and Twilio numbers answer with one configuration: the page says a change reaches both.
        await Assertions.Expect(page.Locator("[data-testid=config-users]")).ToContainTextAsync("Shared by 2 numbers");

        var add = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }) });
        await add.GetByLabel("Name").FillAsync("Parking");
        await add.GetByLabel(new System.Text.RegularExpressions.Regex("^Keywords")).FillAsync("parking, park");
        await add.GetByLabel("Text or AI instructions").FillAsync("There is a public car park 50 m away, on Prinsengracht.");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-rule=parking]")).ToBeVisibleAsync();

        // The Agent evaluates the saved configuration as a turn would (it learns of the change through tenancy:changed).
        await Eventually.ReturnsAsync(async () =>
        {
            await page.GetByLabel("A customer writes").FillAsync("is there parking nearby?");
            await page.GetByRole(AriaRole.Button, new() { Name = "Try", Exact = true }).ClickAsync();
            return await page.Locator("[data-testid=trial]").CountAsync() == 1 ? await page.Locator("[data-testid=trial]").InnerTextAsync() : "";
        }, text => text.Contains("Rule \u201cParking\u201d answers", StringComparison.Ordinal), "the new rule answers the tried message", TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("[data-testid=trial] li.match")).ToContainTextAsync("Parking (keyword): matches");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-replies-try-desktop.png"), FullPage = true });
    }

    [Fact]
    public async Task A_lead_from_the_public_form_starts_a_conversation_and_outside_the_window_the_operator_sends_a_template()
    {
        var form = await console.NewPageAsync(phone: true);
        await form.GotoAsync("/forms/cafe-aurora");
        var number = "+3161" + Random.Shared.Next(1_000_000, 9_999_999);
        await form.GetByLabel("Your name").FillAsync("Femke Form");
        await form.GetByLabel(new System.Text.RegularExpressions.Regex("^WhatsApp number")).FillAsync(number);
        await form.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-lead-form-phone.png"), FullPage = true });
        await AccessibilityCheck.AssertNoViolationsAsync(form, "lead form (phone)");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        // Consent is required: the browser stops the form until it is given.
        Assert.Equal(0, await form.Locator("[data-testid=continue-on-whatsapp]").CountAsync());
        await form.GetByLabel(new System.Text.RegularExpressions.Regex("may contact me")).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var link = await form.Locator("[data-testid=continue-on-whatsapp]").GetAttributeAsync("href");
        Assert.StartsWith("https://wa.me/31205550101?text=", link, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("Femke Form"), link, StringComparison.Ordinal);
        var first = await Eventually.ReturnsAsync(() => console.SentToAsync(number), s => s.Count > 0, "the first message to the lead", TimeSpan.FromSeconds(60));
        Assert.Equal("template:follow_up", first[0]);

        var page = await console.NewPageAsync();
        await console.SignInAsync(page, console.DemoLogin.Email, console.DemoLogin.Password);
        await page.GotoAsync("/admin/w/cafe-aurora/conversations?q=Femke");
        await page.Locator("[data-conversation]", new() { HasText = "Femke Form" }).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=window]")).ToHaveTextAsync("Window closed: templates only");
        await Assertions.Expect(page.Locator("[data-testid=window-closed]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("textarea[name=Text]").CountAsync());

        // Free text from a page that still had the composer (the window closed while it was open):
        // the Agent refuses it (409) and the page says why, instead of sending something else.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("""
                ([token, text]) => {
                    const form = Object.assign(document.createElement('form'), { method: 'post', action: location.pathname + '?handler=Reply' });
                    for (const [name, value] of [['__RequestVerificationToken', token], ['Text', text]]) {
                        form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
                    }
                    document.body.append(form);
                    form.submit();
                }
                """, new[] { token, "Are you still interested, Femke?" }),
            response => response.Request.Method == "POST" && response.Url.Contains("handler=Reply", StringComparison.Ordinal));
        Assert.Equal(409, refused.Status);
        // The page refreshes itself once it subscribes to live updates: the refusal must outlive that.
        await Assertions.Expect(page.Locator("body[data-live-refreshes]")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator(".composer .errors")).ToHaveTextAsync(
            "The customer last wrote more than 24 hours ago, so WhatsApp accepts only an approved template now, not free text.");
        Assert.Equal(0, await page.Locator(".notice").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=window-closed]")).ToBeVisibleAsync();

        var template = page.Locator("form[data-template=follow_up]");
        await Assertions.Expect(template.GetByLabel("Value of {{1}}")).ToHaveValueAsync("Femke Form");
        await template.GetByRole(AriaRole.Button, new() { Name = "Send template follow_up" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Template follow_up sent.");
        var sent = await Eventually.ReturnsAsync(() => console.SentToAsync(number), s => s.Count > 1, "the operator's template", TimeSpan.FromSeconds(60));
        Assert.Equal(["template:follow_up", "template:follow_up"], sent);
        await Assertions.Expect(page.Locator(".message.out.operator")).ToContainTextAsync("Hi Femke Form, thanks for contacting Café Aurora!", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_dead_lettered_event_of_the_workspace_is_replayed_from_the_delivery_problems_page()
    {
        var workspaceId = await console.DemoWorkspaceIdAsync();
        var eventId = "poison-" + Guid.NewGuid().ToString("N");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(console.App.GetConnectionString("redis"));
        var database = redis.GetDatabase();
        // An event whose payload no consumer can read: the Agent sets it aside as a dead letter.
        await database.StreamAddAsync("msg:inbound",
        [
            new("id", eventId), new("type", "InboundMessageReceived"), new("version", "1"), new("workspace", workspaceId),
            new("occurred-at", DateTimeOffset.UtcNow.ToString("O")), new("payload", "{ this is not json"),
        ]);

        var page = await console.NewPageAsync();
        await console.SignInAsync(page, console.DemoLogin.Email, console.DemoLogin.Password);
        var row = page.Locator($"[data-dead-letter='{eventId}']");
        await Eventually.ReturnsAsync(async () =>
        {
            await page.GotoAsync("/admin/w/cafe-aurora/problems");
            return await row.CountAsync();
        }, count => count == 1, "the dead letter is listed", TimeSpan.FromSeconds(60));
        await Assertions.Expect(row).ToContainTextAsync("InboundMessageReceived on msg:inbound");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-problems-dead-letter-desktop.png"), FullPage = true });

        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Replayed: the event is back on msg:inbound");
        var copies = (await database.StreamRangeAsync("msg:inbound")).Count(e => e["id"] == eventId);
        Assert.Equal(2, copies);
    }

    [Fact]
    public async Task An_invitation_is_emailed_to_the_mail_sink_with_a_link_that_joins_the_workspace()
    {
        var page = await console.NewPageAsync();
        await console.SignInAsync(page, console.DemoLogin.Email, console.DemoLogin.Password);
        await page.GotoAsync("/admin/w/cafe-aurora/members");
        var invitee = $"barista-{Guid.NewGuid():N}@example.com";
        await page.GetByLabel("Email").FillAsync(invitee);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation emailed to {invitee}");

        using var mail = new HttpClient { BaseAddress = console.App.GetEndpoint("mail") };
        var message = await Eventually.ReturnsAsync(async () =>
            (await mail.GetFromJsonAsync<JsonElement>("/api/messages", Ct)).GetProperty("results").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(invitee, StringComparison.Ordinal))),
            m => m.ValueKind == JsonValueKind.Object, "the invitation in the mail sink", TimeSpan.FromSeconds(30));
        Assert.Equal("You are invited to Café Aurora", message.GetProperty("subject").GetString());
        var body = await mail.GetStringAsync(new Uri($"/api/messages/{message.GetProperty("id").GetString()}/plaintext", UriKind.Relative), Ct);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(body, @"https?://\S+/admin/account/invitation/\w+").Value);

        var invited = await console.NewPageAsync(phone: true);
        await invited.GotoAsync(link.PathAndQuery);
        await invited.GetByLabel(new System.Text.RegularExpressions.Regex("^Your name")).FillAsync("Bas Barista");
        await invited.GetByLabel(new System.Text.RegularExpressions.Regex("^Choose a password")).FillAsync("barista-pass-42");
        await invited.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Assertions.Expect(invited.Locator("[data-testid=workspace-name]")).ToHaveTextAsync("Café Aurora");
        // An operator: the owners' pages are not there for them.
        Assert.Equal(404, (await invited.GotoAsync("/admin/w/cafe-aurora/members"))!.Status);
    }

    static IEnumerable<string> DemoPaths(string conversationId)
    {
        const string root = "/admin/w/cafe-aurora";
        return [root, root + "/conversations", root + "/conversations/" + conversationId, root + "/channels", root + "/replies", root + "/persona",
            root + "/templates", root + "/billing", root + "/problems", root + "/members", root + "/settings", root + "/live"];
    }

    /// <summary>Every main page at desktop width and at a phone's 390 px, for the README, each free of WCAG 2.2 A/AA violations axe-core finds.</summary>
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
            ("replies", "/admin/w/cafe-aurora/replies"),
            ("persona", "/admin/w/cafe-aurora/persona"),
            ("templates", "/admin/w/cafe-aurora/templates"),
            ("credits", "/admin/w/cafe-aurora/billing"),
            ("problems", "/admin/w/cafe-aurora/problems"),
            ("settings", "/admin/w/cafe-aurora/settings"),
            ("members", "/admin/w/cafe-aurora/members"),
        };
        List<string> violations = [];
        foreach (var (name, path) in pages)
        {
            foreach (var (page, size) in new[] { (desktop, "desktop"), (phone, "phone") })
            {
                await page.GotoAsync(path);
                await page.ScreenshotAsync(new() { Path = Screenshots.PathFor($"console-{name}-{size}.png"), FullPage = true });
                violations.AddRange(await AccessibilityCheck.ViolationsAsync(page, $"{name} ({size})"));
            }
        }
        var signIn = await console.NewPageAsync(phone: true);
        await signIn.GotoAsync("/admin");
        await signIn.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-sign-in-phone.png"), FullPage = true });
        violations.AddRange(await AccessibilityCheck.ViolationsAsync(signIn, "sign-in (phone)"));
        AccessibilityCheck.Assert(violations);
    }
}
