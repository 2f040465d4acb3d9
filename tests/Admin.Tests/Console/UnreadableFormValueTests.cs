using System.Collections.Concurrent;
using System.Net.Http.Json;
using Admin.Tests.Tenancy;
using Messaging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Admin.Tests.Console;

/// <summary>
/// A form value the page cannot read as its field's type (a posted "abc" for a number) is shown
/// back as the field's error and changes nothing; before, it was read as 0 and saved.
/// </summary>
public sealed class UnreadableFormValueTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    readonly ConcurrentQueue<string> _billingCalls = new();
    WebApplication _billing = null!;
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _billing = StandInService.Create();
        _billing.Use(async (context, next) =>
        {
            _billingCalls.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        _billing.MapGet("/api/credits/workspaces/{id}/", (string id) => Results.Json(new { workspaceId = id, available = 40, reserved = 0, lowThreshold = 10, updatedAt = (DateTimeOffset?)null }));
        _billing.MapGet("/api/credits/workspaces/{id}/ledger", () => Results.Json(new { entries = Array.Empty<object>(), nextBefore = (long?)null }));
        _billing.MapPut("/api/credits/workspaces/{id}/low-threshold", () => Results.NoContent());
        await _billing.StartAsync(Ct);
        _admin = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?> { ["Console:BillingUrl"] = _billing.Urls.Single() });
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _billing.DisposeAsync();
    }

    [Fact]
    public async Task An_unreadable_low_credit_threshold_never_reaches_Billing()
    {
        var slug = "unreadable-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        var page = await browser.GetAsync($"/admin/w/{slug}/billing");

        var refused = await browser.SubmitAsync(page, "Save threshold", new Dictionary<string, string> { ["Threshold"] = "ten" });

        Assert.Contains("The value 'ten' is not valid for Threshold.", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_billingCalls, call => call.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e9")]
    [InlineData("99999999999")]
    public async Task An_unreadable_wait_is_refused_and_the_saved_one_is_kept(string posted)
    {
        var slug = "unreadable-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var channel = (await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("559" + Random.Shared.Next(1_000_000, 9_999_999)))).GetProperty("id").GetString()!;
        await AdminApp.ReadSuccessAsync(await _admin.Client.PutAsJsonAsync($"/api/tenancy/channels/{channel}/reply-config", new
        {
            waitSeconds = 5,
            rules = Array.Empty<object>(),
            defaultRule = new { id = "default", label = "Default", response = new { type = "canned", text = "Thanks, we will answer soon." } },
        }, Ct));
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);

        var refused = await browser.SubmitAsync(await browser.GetAsync($"/admin/w/{slug}/replies?channel={channel}"), "Save settings",
            new Dictionary<string, string> { ["WaitSeconds"] = posted });

        Assert.Contains($"The value '{posted}' is not valid for WaitSeconds.", refused.Text, StringComparison.Ordinal);
        var saved = await AdminApp.ReadSuccessAsync(await _admin.Client.GetAsync($"/api/tenancy/channels/{channel}/reply-config", Ct));
        Assert.Equal(5, saved.GetProperty("waitSeconds").GetInt32());
    }
}
