using EndToEnd.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.Playwright;

namespace ConsoleTests;

/// <summary>The Sandbox's phone simulator on a phone, through the gateway, as the demo uses it.</summary>
public sealed class PhoneSimulatorTests(ConsoleApp console) : IClassFixture<ConsoleApp>
{
    [Fact]
    public async Task On_a_390px_phone_the_simulator_fits_refuses_a_national_number_with_the_reason_sends_attachments_and_keeps_the_conversation_across_a_sandbox_restart()
    {
        var phone = await console.NewPageAsync(phone: true);
        await phone.GotoAsync("/sandbox/");
        await Assertions.Expect(phone.Locator("#channel option").First).ToBeAttachedAsync();
        var cafe = (await phone.Locator("#channel option").AllTextContentsAsync()).First(label => label.StartsWith("Café Aurora", StringComparison.Ordinal) && label.EndsWith("(Meta)", StringComparison.Ordinal));
        await phone.Locator("#channel").SelectOptionAsync(new SelectOptionValue { Label = cafe });

        // No sideways scroll, and the composer's controls are on the screen and big enough to tap.
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        foreach (var control in new[] { "#text", "#composer button[type=submit]", ".attach", "#customer", "#channel" })
        {
            var box = await phone.Locator(control).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{control} is off the screen: {box.X} + {box.Width}");
            Assert.True(box.Height >= 30, $"{control} is {box.Height} px high");
        }

        // A national number is refused with the reason and left as typed; nothing is sent.
        await phone.Locator("#customer").FillAsync("07700 900123");
        await Assertions.Expect(phone.Locator("#customerError")).ToContainTextAsync("starts with 0");
        await phone.Locator("#text").FillAsync("hello?");
        await phone.Locator("#text").PressAsync("Enter");
        await Assertions.Expect(phone.Locator("#sendError")).ToHaveTextAsync("Fix the customer number first.");
        await Assertions.Expect(phone.Locator("#customer")).ToHaveValueAsync("07700 900123");
        await Assertions.Expect(phone.Locator("#text")).ToHaveValueAsync("hello?");
        await Assertions.Expect(phone.Locator(".msg")).ToHaveCountAsync(0);

        var customer = "+4477008" + Random.Shared.Next(10_000, 99_999);
        await phone.Locator("#customer").FillAsync(customer);
        await phone.Locator("#customer").DispatchEventAsync("change");
        await Assertions.Expect(phone.Locator("#customerError")).ToBeHiddenAsync();
        await phone.Locator("#text").FillAsync("when are you open?");
        await phone.Locator("#text").PressAsync("Enter");
        await Assertions.Expect(phone.Locator(".msg.business")).Not.ToHaveCountAsync(0, new() { Timeout = 60_000 });

        // A 5 MB photo is more than the gateway's 4 MiB for other routes: the sandbox route takes it.
        var directory = TestDirectories.Create("simulator-files");
        var photo = Path.Combine(directory, "table.jpg");
        await File.WriteAllBytesAsync(photo, new byte[5 * 1024 * 1024], TestContext.Current.CancellationToken);
        await phone.Locator("#text").FillAsync("our table");
        await phone.Locator("#file").SetInputFilesAsync(photo);
        await Assertions.Expect(phone.Locator(".msg.customer", new() { HasText = "our table" }).Locator(".kind")).ToHaveTextAsync("image", new() { Timeout = 30_000 });

        // Over WhatsApp's 16 MB for an image: refused in the page with the limit, nothing uploaded.
        var large = Path.Combine(directory, "huge.jpg");
        await using (var file = File.Create(large))
        {
            file.SetLength(17 * 1024 * 1024);
        }

        await phone.Locator("#file").SetInputFilesAsync(large);
        await Assertions.Expect(phone.Locator("#sendError")).ToContainTextAsync("at most 16 MB");
        await phone.ScreenshotAsync(new() { Path = Screenshots.PathFor("sandbox-simulator-phone.png"), FullPage = true });
        await AccessibilityCheck.AssertNoViolationsAsync(phone, "phone simulator (phone)");

        // The Sandbox crashes and comes back: the conversation is still there.
        var pid = console.App.Pid("sandbox")!.Value;
        await console.App.KillAsync("sandbox");
        await console.App.WaitForRestartAsync("sandbox", pid, TestContext.Current.CancellationToken);
        await phone.ReloadAsync();
        await phone.Locator("#customer").FillAsync(customer);
        await phone.Locator("#customer").DispatchEventAsync("change");
        await Assertions.Expect(phone.Locator(".msg.customer", new() { HasText = "when are you open?" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(phone.Locator(".msg.customer", new() { HasText = "our table" })).ToBeVisibleAsync();
        // The page remembered the channel picked before the reload.
        await Assertions.Expect(phone.Locator("#channel option:checked")).ToHaveTextAsync(cafe);
        TestDirectories.TryDelete(directory);
    }
}
