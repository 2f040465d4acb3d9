using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Messaging.Testing;
using Sandbox.Accounts;
using Sandbox.Tests.Infrastructure;

namespace Sandbox.Tests;

public sealed class OptionsValidationTests(PostgresFixture postgres)
{
    /// <summary>
    /// Built the way Program.cs builds it and started directly: through WebApplicationFactory a
    /// failed start sometimes surfaces as the factory's own ObjectDisposedException instead.
    /// </summary>
    [Theory]
    [InlineData("Sandbox:StatusCallbacks:SentDelay", "-00:00:01")]
    [InlineData("Sandbox:StatusCallbacks:MaxAttempts", "0")]
    [InlineData("Sandbox:MaxRecordedCalls", "1")]
    [InlineData("Sandbox:TwilioAccounts:0:AccountSid", "AC-not-hex")]
    [InlineData("Sandbox:MetaNumbers:0:AppSecret", "")]
    public async Task Absurd_settings_stop_the_sandbox_at_start(string key, string value)
    {
        await using var app = Build(new Dictionary<string, string?> { [key] = value });

        await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_same_settings_without_the_absurd_one_start()
    {
        var database = await postgres.CreateDatabaseAsync("sandbox", TestContext.Current.CancellationToken);
        await using var app = Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = database,
            ["Sandbox:MediaDirectory"] = TestDirectories.Create("sandbox-media"),
        });

        await app.StartAsync(TestContext.Current.CancellationToken);

        // Started with those settings: it serves the number they configure.
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var accounts = await client.GetFromJsonAsync<AccountList>("/sandbox/api/accounts/", TestContext.Current.CancellationToken);
        Assert.Equal(SandboxHost.PhoneNumberId, Assert.Single(accounts!.Meta).PhoneNumberId);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    static WebApplication Build(Dictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateBuilder();
        // Start-up resolves the database before it validates options; nothing connects to this one.
        builder.Configuration.AddInMemoryCollection(SandboxHost.Settings(new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = "Host=127.0.0.1;Port=9;Database=unused",
        }.Concat(overrides).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddSandbox();
        var app = builder.Build();
        app.MapSandbox();
        return app;
    }
}
