using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsoleTests;

/// <summary>
/// A fresh workspace in the browser, from an invited user's first sign-in to a customer's answered
/// message: the onboarding checklist walked step by step, the WhatsApp number added from the
/// demo's platform Meta app (in the Sandbox) by its phone number id alone. And a number with its
/// own Meta app, whose verify token the console shows once and keeps only as a hash.
/// </summary>
public sealed class OnboardingTests(ConsoleApp console) : IClassFixture<ConsoleApp>
{
    // Numbers of the demo's platform app that no demo workspace uses (AppHost DemoPlatformApp).
    const string PlatformNumber = "109876543220101";
    const string PlatformDisplayNumber = "31205550201";
    const string PlatformAppSecret = "sandbox-demo-platform-app-secret";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_owner_completes_the_onboarding_checklist_and_a_customer_gets_an_answer()
    {
        // The way into the product for someone new: an invitation. Once signed in, anyone may create a workspace.
        var (email, password) = await InvitedUserAsync("Nora New");
        var page = await console.NewPageAsync();
        await console.SignInAsync(page, email, password);
        await page.GotoAsync("/admin");
        var slug = "fresh-bakery-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Business name").FillAsync("Fresh Bakery");
        await page.Locator("#slug").FillAsync(slug);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/w/" + slug + "$"));

        var progress = page.Locator("[data-testid=checklist-progress]");
        await Assertions.Expect(progress).ToHaveTextAsync("0 of 5 done");
        foreach (var step in new[] { "channel", "replies", "persona", "credits", "template" })
        {
            await Assertions.Expect(page.Locator($"[data-step={step}]")).ToHaveClassAsync("todo");
        }
        await Assertions.Expect(page.Locator("[data-step=channel]")).ToContainTextAsync("No channel yet");

        // 1. A number of the platform app, by its phone number id alone; Verify asks the Sandbox with the platform's token.
        await page.Locator("[data-step=channel]").GetByRole(AriaRole.Link, new() { Name = "Connect a number" }).ClickAsync();
        await page.Locator("#p-name").FillAsync("Fresh Bakery WhatsApp");
        await page.Locator("#p-id").FillAsync(PlatformNumber);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add platform number" }).ClickAsync();
        var channel = page.Locator("[data-channel]", new() { HasText = "Fresh Bakery WhatsApp" });
        await Assertions.Expect(channel.Locator("[data-testid=credentials]")).ToContainTextAsync("the platform Meta app");
        await Assertions.Expect(channel.Locator("[data-testid=health]")).ToHaveTextAsync("not verified yet");
        await channel.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(channel.Locator("[data-testid=check-result]")).ToContainTextAsync("Verified: the provider knows this number as \"Platform number 1\"");
        await Assertions.Expect(channel.Locator("[data-testid=health]")).ToHaveTextAsync("verified");
        await OverviewAsync(page, slug, "1 of 5 done", "channel");

        // 2. Replies: a default answer.
        await page.Locator("[data-step=replies]").GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("Default answer").SelectOptionAsync("ai");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start answering" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Try a message" })).ToBeVisibleAsync();
        await OverviewAsync(page, slug, "2 of 5 done", "replies");

        // 3. The persona: written, then approved by the Agent's asynchronous safety check, which the page shows arriving.
        await page.Locator("[data-step=persona]").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=safety]")).ToHaveTextAsync("not written");
        await page.GetByLabel("Persona", new() { Exact = true }).FillAsync(
            "You are the friendly assistant of Fresh Bakery. Answer in one or two sentences from the bakery's knowledge, and offer a person when you are unsure.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save persona" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("saved", new() { IgnoreCase = true });
        // Marked after the save's own redirect: the verdict must appear in this same document, not after a reload.
        await page.EvaluateAsync("() => window.notReloaded = true");
        await Assertions.Expect(page.Locator("[data-testid=safety]")).ToHaveTextAsync("approved", new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the persona's verdict appeared without a reload");
        await page.GetByLabel("Title").FillAsync("Opening hours");
        await page.GetByLabel("Content").FillAsync("Fresh Bakery is open every day from 7:00 to 15:00.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-knowledge]", new() { HasText = "Opening hours" })).ToBeVisibleAsync();
        await OverviewAsync(page, slug, "3 of 5 done", "persona");

        // 4. Credits.
        await page.Locator("[data-step=credits]").GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("Credits", new() { Exact = true }).FillAsync("25");
        await page.GetByLabel("Reason").FillAsync("Starter credits");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await OverviewAsync(page, slug, "4 of 5 done", "credits");
        await Assertions.Expect(page.Locator("[data-step=credits]")).ToContainTextAsync("25 credits available");

        // 5. A template for closed windows.
        await page.Locator("[data-step=template]").GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("#t-name").FillAsync("follow_up");
        await page.Locator("#t-body").FillAsync("Hi {{1}}, thanks for writing to Fresh Bakery! How can we help?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add template" }).ClickAsync();
        await OverviewAsync(page, slug, "5 of 5 done", "template");
        await Assertions.Expect(page.Locator("li.todo[data-step]")).ToHaveCountAsync(0);
        await ScreenshotsAsync(page, email, password, slug);

        // A customer writes to the new number from the phone simulator; the Sandbox signs it with the platform app's secret.
        var customer = "+3165" + Random.Shared.Next(1_000_000, 9_999_999);
        var phone = await console.NewPageAsync();
        await phone.GotoAsync("/sandbox/");
        await Assertions.Expect(phone.Locator("#channel option").First).ToBeAttachedAsync();
        var label = (await phone.Locator("#channel option").AllTextContentsAsync()).Single(l => l.StartsWith("Platform number 1 ", StringComparison.Ordinal) && l.EndsWith("(Meta)", StringComparison.Ordinal));
        await phone.Locator("#channel").SelectOptionAsync(new SelectOptionValue { Label = label });
        await phone.Locator("#customer").FillAsync(customer);
        await phone.Locator("#customerName").FillAsync("Olaf Oven");
        await phone.Locator("#text").FillAsync("when are you open?");
        await phone.Locator("#text").PressAsync("Enter");
        var answers = await Eventually.ReturnsAsync(() => console.SentToAsync(customer), s => s.Count > 0, "the bot's answer reached the Sandbox, sent with the platform app's token", TimeSpan.FromSeconds(90));
        Assert.False(string.IsNullOrWhiteSpace(answers[0]));

        await page.GotoAsync($"/admin/w/{slug}/conversations");
        await Assertions.Expect(page.Locator("[data-conversation]", new() { HasText = customer.TrimStart('+') })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_platform_number_takes_webhooks_signed_with_the_platform_secret_only()
    {
        var (workspaceId, _) = await WorkspaceWithOwnerAsync("Platform Signatures");
        const string number = "109876543220102";
        using var admin = console.App.CreateHttpClient("admin");
        using (var created = await admin.PostAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/channels",
            new { name = "By id alone", provider = "meta", meta = new { phoneNumberId = number, platformApp = true } }, Ct))
        {
            var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
            Assert.True(body.GetProperty("meta").GetProperty("platformApp").GetBoolean());
            Assert.False(body.GetProperty("meta").GetProperty("accessToken").GetProperty("configured").GetBoolean());
        }
        // A token of its own is refused for a number of the platform app.
        using (var refused = await admin.PostAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/channels",
            new { name = "Mixed", provider = "meta", meta = new { phoneNumberId = "109876543220103", platformApp = true, accessToken = "EAAG-own-token-0123456789" } }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("meta.accessToken", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var gateway = new HttpClient { BaseAddress = new Uri(console.Gateway) };
        var customer = "3162" + Random.Shared.Next(1_000_000, 9_999_999);
        var forged = InboundDelivery(number, customer, "wamid.forged-" + Guid.NewGuid().ToString("N"), "hello from a stranger");
        // Ingest learns of the channel through tenancy:changed; until then the delivery is acknowledged and dropped.
        await Eventually.ReturnsAsync(async () =>
        {
            using var response = await gateway.SendAsync(Signed(forged, "another-apps-secret-0000"), Ct);
            return response.StatusCode;
        }, status => status == HttpStatusCode.Forbidden, "a delivery signed with another app's secret is refused", TimeSpan.FromSeconds(30));

        var genuine = InboundDelivery(number, customer, "wamid.genuine-" + Guid.NewGuid().ToString("N"), "are you open today?");
        using (var accepted = await gateway.SendAsync(Signed(genuine, PlatformAppSecret), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        // Nothing was set up to answer, but the conversation exists: the genuine message went through and the forged one did not.
        using var agent = await console.App.CreateOperatorClientAsync("agent", workspaceId, Ct);
        var conversation = await Eventually.ReturnsAsync(async () =>
            (await agent.GetFromJsonAsync<JsonElement>($"/api/agent/conversations?workspaceId={workspaceId}", Ct)).GetProperty("conversations").EnumerateArray().ToList(),
            list => list.Count == 1, "the genuine message started a conversation", TimeSpan.FromSeconds(30));
        var messages = new Uri($"/api/agent/conversations/{conversation[0].GetProperty("id").GetString()}/messages?limit=50", UriKind.Relative);
        var transcript = await Eventually.ReturnsAsync(() => agent.GetStringAsync(messages, Ct), t => t.Contains("are you open today?", StringComparison.Ordinal),
            "the genuine message is in the transcript", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("hello from a stranger", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_with_its_own_app_shows_its_verify_token_once_and_the_handshake_answers_only_that_token()
    {
        var (_, (email, password)) = await WorkspaceWithOwnerAsync("Own App");
        var page = await console.NewPageAsync();
        await console.SignInAsync(page, email, password);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Own App") }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Channels", Exact = true }).ClickAsync();
        var phoneNumberId = "10" + Random.Shared.NextInt64(100_000_000, 999_999_999);
        await page.Locator("#m-name").FillAsync("Own app number");
        await page.Locator("#m-id").FillAsync(phoneNumberId);
        await page.Locator("#m-token").FillAsync("EAAG" + Guid.NewGuid().ToString("N"));
        await page.Locator("#m-secret").FillAsync(Guid.NewGuid().ToString("N"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Meta number" }).ClickAsync();

        var issued = page.Locator("[data-testid=issued-verify-token]");
        await Assertions.Expect(issued).ToContainTextAsync("/webhooks/whatsapp");
        var token = (await issued.Locator("[data-testid=verify-token]").InnerTextAsync()).Trim();
        Assert.True(token.Length >= 40, $"a generated verify token is strong, not '{token}'");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-channels-verify-token-desktop.png"), FullPage = true });

        using var gateway = new HttpClient { BaseAddress = new Uri(console.Gateway) };
        await Eventually.ReturnsAsync(() => HandshakeAsync(gateway, token), answer => answer == "1158201444", "the handshake answers the issued token", TimeSpan.FromSeconds(30));
        Assert.Null(await HandshakeAsync(gateway, token + "x"));
        Assert.Null(await HandshakeAsync(gateway, "guess"));

        // Afterwards only its state shows, never the token.
        await page.ReloadAsync();
        var card = page.Locator("[data-channel]", new() { HasText = "Own app number" });
        await Assertions.Expect(card.Locator("[data-testid=verify-token-state]")).ToContainTextAsync("set (stored as a hash");
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);

        // Rotating shows the new one once; the old one stops working.
        await card.GetByText("Rotate the verify token").ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Rotate verify token" }).ClickAsync();
        var rotated = (await page.Locator("[data-testid=issued-verify-token] [data-testid=verify-token]").InnerTextAsync()).Trim();
        Assert.NotEqual(token, rotated);
        await Eventually.ReturnsAsync(() => HandshakeAsync(gateway, rotated), answer => answer == "1158201444", "the handshake answers the rotated token", TimeSpan.FromSeconds(30));
        Assert.Null(await HandshakeAsync(gateway, token));
    }

    [Fact]
    public async Task An_owner_sets_the_reply_policy_on_the_settings_page_and_absurd_values_are_refused_with_a_clear_error()
    {
        var (workspaceId, (email, password)) = await WorkspaceWithOwnerAsync("Reply Policy");
        var page = await console.NewPageAsync();
        await console.SignInAsync(page, email, password);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Reply Policy") }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        // A workspace that saved none shows the Agent's default: English, no fallback.
        await Assertions.Expect(page.GetByLabel(new Regex("^Languages"))).ToHaveValueAsync("en");
        await Assertions.Expect(page.GetByLabel(new Regex("^Fallback message"))).ToHaveValueAsync("");

        const string fallback = "Sorry, we cannot answer right now: a person will write back soon.";
        await page.GetByLabel(new Regex("^Fallback message")).FillAsync(fallback);
        await page.GetByLabel(new Regex("^Languages")).FillAsync("pt, EN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save reply policy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reply policy saved.");
        await Assertions.Expect(page.GetByLabel(new Regex("^Languages"))).ToHaveValueAsync("pt, en");
        await Assertions.Expect(page.GetByLabel(new Regex("^Fallback message"))).ToHaveValueAsync(fallback);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-settings-reply-policy-desktop.png"), FullPage = true });

        // Not languages: the Agent refuses, and the page says what a valid value is (not a 500).
        await page.GetByLabel(new Regex("^Languages")).FillAsync("english, klingon");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save reply policy" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/settings", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator(".errors")).ToContainTextAsync("two-letter ISO 639-1 codes");
        await Assertions.Expect(page.GetByLabel(new Regex("^Languages"))).ToHaveValueAsync("english, klingon");

        // A fallback longer than a message may be (a forged post past the field's limit) is refused too.
        await page.GetByLabel(new Regex("^Languages")).FillAsync("en");
        await page.GetByLabel(new Regex("^Fallback message")).EvaluateAsync("(field, text) => { field.removeAttribute('maxlength'); field.value = text; }", new string('x', 5_000));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save reply policy" }).ClickAsync();
        await Assertions.Expect(page.Locator(".errors")).ToContainTextAsync("at most 1000 characters");

        // What the Agent keeps is still the policy saved first.
        using var agent = await console.App.CreateOperatorClientAsync("agent", workspaceId, Ct);
        var policy = await agent.GetFromJsonAsync<JsonElement>($"/api/agent/workspaces/{workspaceId}/policy", Ct);
        Assert.Equal(fallback, policy.GetProperty("fallbackMessage").GetString());
        Assert.Equal(["pt", "en"], policy.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!));
    }

    [Fact]
    public async Task A_channel_disabled_for_a_revoked_token_is_enabled_again_by_saving_the_fixed_token_and_the_unanswered_turn_is_re_run()
    {
        var (workspaceId, (email, password)) = await WorkspaceWithOwnerAsync("Revoked Token");
        var phoneNumberId = "10" + Random.Shared.NextInt64(100_000_000, 999_999_999);
        var goodToken = "EAAG-good-" + Guid.NewGuid().ToString("N");
        var appSecret = "app-secret-" + Guid.NewGuid().ToString("N");
        var verifyToken = "verify-" + Guid.NewGuid().ToString("N");
        using var sandbox = console.App.CreateHttpClient("sandbox");
        using (var registered = await sandbox.PutAsJsonAsync($"/sandbox/api/accounts/meta/{phoneNumberId}",
            new { displayPhoneNumber = "+3120" + Random.Shared.Next(1_000_000, 9_999_999), verifiedName = "Revoked Token Café", accessToken = goodToken, appSecret }, Ct))
        {
            registered.EnsureSuccessStatusCode();
        }
        using var admin = console.App.CreateHttpClient("admin");
        string channelId;
        // The channel holds a token Meta no longer accepts (revoked): its first send is refused with 401.
        using (var created = await admin.PostAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/channels", new
        {
            name = "Revoked number", provider = "meta", baseUrl = "http://sandbox/graph",
            meta = new { phoneNumberId, accessToken = "EAAG-revoked-" + Guid.NewGuid().ToString("N"), appSecret, verifyToken, graphApiVersion = "v21.0" },
        }, Ct))
        {
            var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
            channelId = body.GetProperty("id").GetString()!;
        }
        const string answer = "Thanks for writing to Revoked Token Café: we open at 9:00.";
        using (var config = await admin.PutAsJsonAsync($"/api/tenancy/channels/{channelId}/reply-config",
            new { enabled = true, waitSeconds = 0, rules = Array.Empty<object>(), defaultRule = new { id = "default", label = "default", response = new { type = "canned", text = answer } } }, Ct))
        {
            config.EnsureSuccessStatusCode();
        }
        using var gateway = new HttpClient { BaseAddress = new Uri(console.Gateway) };
        await Eventually.ReturnsAsync(() => HandshakeAsync(gateway, verifyToken), challenge => challenge == "1158201444", "Ingest knows the channel", TimeSpan.FromSeconds(30));

        var customer = "+3164" + Random.Shared.Next(1_000_000, 9_999_999);
        using (var simulated = await sandbox.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business = phoneNumberId, customer, customerName = "Rita Revoked", text = "when do you open?" }, Ct))
        {
            simulated.EnsureSuccessStatusCode();
        }

        var page = await console.NewPageAsync();
        await console.SignInAsync(page, email, password);
        var slug = (await admin.GetFromJsonAsync<JsonElement>($"/api/tenancy/workspaces/{workspaceId}", Ct)).GetProperty("slug").GetString()!;
        var card = page.Locator("[data-channel]", new() { HasText = "Revoked number" });
        await Eventually.ReturnsAsync(async () =>
        {
            await page.GotoAsync($"/admin/w/{slug}/channels");
            return await card.Locator("[data-testid=health]").InnerTextAsync();
        }, health => health == "disabled", "the Agent disabled the channel after Meta refused its token", TimeSpan.FromSeconds(60));

        // The conversation is unanswered, with the provider's reason.
        await page.GotoAsync($"/admin/w/{slug}/conversations?show=unanswered");
        await page.Locator("[data-conversation]", new() { HasText = customer.TrimStart('+') }).GetByRole(AriaRole.Link).ClickAsync();
        var conversationPath = new Uri(page.Url).PathAndQuery;
        await Assertions.Expect(page.Locator("[data-testid=unanswered]")).ToContainTextAsync("No reply to the customer's last message");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Re-run the turn" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-conversation-unanswered-desktop.png"), FullPage = true });
        var phone = await console.NewPageAsync(phone: true);
        await console.SignInAsync(phone, email, password);
        await phone.GotoAsync(conversationPath);
        await Assertions.Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Re-run the turn" })).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-conversation-unanswered-phone.png"), FullPage = true });

        // The owner pastes the new token: saving verifies it with the provider, which makes the channel healthy again.
        await page.GotoAsync($"/admin/w/{slug}/channels");
        await card.GetByText("Rotate secrets, allowlist, switch on or off").ClickAsync();
        await card.GetByLabel(new Regex("^New access token")).FillAsync(goodToken);
        await card.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=check-result]")).ToContainTextAsync("Verified");
        await Assertions.Expect(card.Locator("[data-testid=health]")).ToHaveTextAsync("verified");
        var channel = await admin.GetFromJsonAsync<JsonElement>($"/api/tenancy/channels/{channelId}", Ct);
        Assert.Equal("healthy", channel.GetProperty("health").GetProperty("status").GetString());

        // Sending works again: the operator re-runs the unanswered turn and the answer reaches the customer.
        // Until the Agent hears the channel is healthy (tenancy:changed), a re-run can end unanswered again; the operator re-runs it again then.
        var sent = await Eventually.ReturnsAsync(async () =>
        {
            await page.GotoAsync(conversationPath);
            var rerun = page.GetByRole(AriaRole.Button, new() { Name = "Re-run the turn" });
            if (await rerun.CountAsync() == 1)
            {
                await rerun.ClickAsync();
                await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Re-run: the bot answers the customer's last message again now.");
            }
            return await console.SentToAsync(customer);
        }, texts => texts.Count > 0, "the re-run's answer was sent with the fixed token", TimeSpan.FromSeconds(90));
        Assert.Equal([answer], sent);
    }

    /// <summary>The challenge the handshake echoes, or null when it is refused.</summary>
    static async Task<string?> HandshakeAsync(HttpClient gateway, string token)
    {
        using var response = await gateway.GetAsync(new Uri($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={Uri.EscapeDataString(token)}&hub.challenge=1158201444", UriKind.Relative), Ct);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(Ct) : null;
    }

    /// <summary>The Overview after a step: the progress and that step's done state.</summary>
    static async Task OverviewAsync(IPage page, string slug, string progress, string doneStep)
    {
        await page.GotoAsync($"/admin/w/{slug}");
        await Assertions.Expect(page.Locator("[data-testid=checklist-progress]")).ToHaveTextAsync(progress);
        await Assertions.Expect(page.Locator($"[data-step={doneStep}]")).ToHaveClassAsync("done");
    }

    /// <summary>The demo owner invites someone to Café Aurora; they join with the link the console shows and get a login.</summary>
    async Task<(string Email, string Password)> InvitedUserAsync(string name)
    {
        var owner = await console.NewPageAsync();
        await console.SignInAsync(owner, console.DemoLogin.Email, console.DemoLogin.Password);
        await owner.GotoAsync("/admin/w/cafe-aurora/members");
        var email = $"new-owner-{Guid.NewGuid():N}@example.com";
        await owner.GetByLabel("Email").FillAsync(email);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        var link = new Uri(await owner.Locator("[data-testid=shared-link]").InputValueAsync());

        const string password = "fresh-bakery-pass-7";
        var invited = await console.NewPageAsync();
        await invited.GotoAsync(link.PathAndQuery);
        await invited.GetByLabel(new Regex("^Your name")).FillAsync(name);
        await invited.GetByLabel(new Regex("^Choose a password")).FillAsync(password);
        await invited.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Assertions.Expect(invited.Locator("[data-testid=workspace-name]")).ToHaveTextAsync("Café Aurora");
        await invited.Context.CloseAsync();
        await owner.Context.CloseAsync();
        return (email, password);
    }

    /// <summary>A workspace and its owner's login, through the internal API the deployment's tools use.</summary>
    async Task<(string WorkspaceId, (string Email, string Password) Login)> WorkspaceWithOwnerAsync(string name)
    {
        using var admin = console.App.CreateHttpClient("admin");
        var slug = name.ToLowerInvariant().Replace(' ', '-') + "-" + Guid.NewGuid().ToString("N")[..6];
        using var created = await admin.PostAsJsonAsync("/api/tenancy/workspaces", new { name, slug, timeZone = "UTC" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "own-app-pass-42";
        using var member = await admin.PutAsJsonAsync($"/api/tenancy/workspaces/{id}/members", new { email, displayName = "Otto Owner", password, role = "owner" }, Ct);
        member.EnsureSuccessStatusCode();
        return (id, (email, password));
    }

    /// <summary>The onboarding page at desktop width and at a phone's 390 px, for the README.</summary>
    async Task ScreenshotsAsync(IPage desktop, string email, string password, string slug)
    {
        await desktop.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-onboarding-desktop.png"), FullPage = true });
        var phone = await console.NewPageAsync(phone: true);
        await console.SignInAsync(phone, email, password);
        await phone.GotoAsync($"/admin/w/{slug}");
        await Assertions.Expect(phone.Locator("[data-testid=checklist-progress]")).ToHaveTextAsync("5 of 5 done");
        await phone.ScreenshotAsync(new() { Path = Screenshots.PathFor("console-onboarding-phone.png"), FullPage = true });
    }

    static byte[] InboundDelivery(string phoneNumberId, string customer, string messageId, string text) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        @object = "whatsapp_business_account",
        entry = new[]
        {
            new
            {
                id = "102000000000001",
                changes = new[]
                {
                    new
                    {
                        field = "messages",
                        value = new
                        {
                            messaging_product = "whatsapp",
                            metadata = new { display_phone_number = PlatformDisplayNumber, phone_number_id = phoneNumberId },
                            contacts = new[] { new { profile = new { name = "Sam Signed" }, wa_id = customer } },
                            messages = new[] { new { from = customer, id = messageId, timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), type = "text", text = new { body = text } } },
                        },
                    },
                },
            },
        },
    });

    /// <summary>A POST to the Meta webhook with <c>X-Hub-Signature-256</c> made with <paramref name="appSecret"/>, as Meta signs.</summary>
    static HttpRequestMessage Signed(byte[] body, string appSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body)));
        return request;
    }
}
