using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsoleTests;

/// <summary>
/// The whole product started through the AppHost (demo on) and one headless Debian Chromium,
/// shared by the tests of a class. Pages open on the gateway, as a person's browser does.
/// </summary>
public sealed class ConsoleApp : IAsyncLifetime
{
    IPlaywright _playwright = null!;

    public TestApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Gateway => App.GetEndpoint("gateway").ToString().TrimEnd('/');

    /// <summary>The demo owner's login, as the AppHost generated it into the run's data folder and printed it.</summary>
    public (string Email, string Password) DemoLogin => ("owner@cafe-aurora.demo", File.ReadAllText(Path.Combine(App.DataDirectory, "demo-login.password")).Trim());

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartAsync(TestContext.Current.CancellationToken);
        // Playwright's 5 s for an expectation is what a page takes on a quiet machine; a POST that
        // waits on a service can take longer while other products start beside it on a loaded CI.
        // Expectations wait as long as actions do; a passing one still returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A fresh browser context (its own cookies) at desktop size or a phone's 390 px.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Gateway,
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1366, Height = 900 },
            IsMobile = phone,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/admin/account/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Signed in once the browser left the sign-in page. Only the address is watched: Playwright's URL wait also waits
        // for a load state, and a first page already committed before the wait began can leave that wait unanswered.
        // A minute: under a loaded CI the first page can wait out a retried call to a slow service.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/account/sign-in"), new() { Timeout = 60_000 });
    }

    /// <summary>The demo workspace's id, from Admin's internal API.</summary>
    public async Task<string> DemoWorkspaceIdAsync()
    {
        using var admin = App.CreateHttpClient("admin");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/tenancy/workspaces", TestContext.Current.CancellationToken);
        return list.EnumerateArray().Single(w => w.GetProperty("slug").GetString() == "cafe-aurora").GetProperty("id").GetString()!;
    }

    /// <summary>The texts the Sandbox accepted for a customer number through the Meta emulation, oldest first.</summary>
    public async Task<IReadOnlyList<string>> SentToAsync(string customer)
    {
        using var sandbox = App.CreateHttpClient("sandbox");
        var calls = await sandbox.GetFromJsonAsync<JsonElement>($"/sandbox/api/calls?provider=meta&kind=send&phone={Uri.EscapeDataString(customer)}", TestContext.Current.CancellationToken);
        var items = calls.ValueKind == JsonValueKind.Array ? calls : calls.GetProperty("calls");
        return [.. items.EnumerateArray()
            .Where(c => c.GetProperty("responseStatus").GetInt32() == 200)
            .Select(c => JsonDocument.Parse(c.GetProperty("requestBody").GetString()!).RootElement)
            .Select(body => body.GetProperty("type").GetString() == "template"
                ? "template:" + body.GetProperty("template").GetProperty("name").GetString()
                : body.TryGetProperty("text", out var text) ? text.GetProperty("body").GetString()! : body.GetProperty("type").GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}
