using Microsoft.Playwright;

namespace ConsoleTests;

/// <summary>The console's accessibility check finds what it is there to find, so its silence on the console's pages means something.</summary>
public sealed class AccessibilityCheckTests
{
    [Fact]
    public async Task An_unlabelled_field_and_grey_on_white_text_are_violations()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><head><title>Probe</title></head>
            <body><main><input type="text" name="q"><p style="color:#bbb;background:#fff">Faint text</p></main></body></html>
            """);

        var violations = await AccessibilityCheck.ViolationsAsync(page, "probe");

        Assert.Contains(violations, v => v.StartsWith("probe: label ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("probe: color-contrast ", StringComparison.Ordinal));
    }
}
