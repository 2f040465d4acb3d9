using Microsoft.Extensions.Options;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Sandbox:StatusCallbacks:SentDelay", "-00:00:01")]
    [InlineData("Sandbox:StatusCallbacks:MaxAttempts", "0")]
    [InlineData("Sandbox:MaxRecordedCalls", "1")]
    [InlineData("Sandbox:TwilioAccounts:0:AccountSid", "AC-not-hex")]
    [InlineData("Sandbox:MetaNumbers:0:AppSecret", "")]
    public async Task Absurd_settings_stop_the_sandbox_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { [key] = value });
        });

        Assert.Contains(Chain(error), e => e is OptionsValidationException);
    }

    static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
