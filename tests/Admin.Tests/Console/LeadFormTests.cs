using System.Net;
using Admin.Tests.Tenancy;
using Messaging.Testing;

namespace Admin.Tests.Console;

/// <summary>The public lead form's refusals: unknown workspace, incomplete input, missing consent, a post without its anti-forgery token.</summary>
public sealed class LeadFormTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _admin = null!;
    string _slug = "";

    public async ValueTask InitializeAsync()
    {
        _admin = await AdminApp.StartAsync(postgres, redis);
        _slug = "form-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(_slug);
        await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("557" + Random.Shared.Next(1_000_000, 9_999_999)));
    }

    public async ValueTask DisposeAsync() => await _admin.DisposeAsync();

    [Fact]
    public async Task A_workspace_that_does_not_exist_has_no_form()
    {
        using var visitor = new ConsoleBrowser(_admin);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/forms/no-such-workspace")).Status);
    }

    [Fact]
    public async Task Without_consent_or_a_real_number_the_form_answers_400_and_says_why()
    {
        using var visitor = new ConsoleBrowser(_admin);
        var form = await visitor.GetAsync($"/forms/{_slug}");
        Assert.Equal(HttpStatusCode.OK, form.Status);

        var refused = await visitor.SubmitAsync(form, "Send", new Dictionary<string, string> { ["Name"] = "Ana", ["Phone"] = "12" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("with its country code", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Please agree to be contacted", refused.Text, StringComparison.Ordinal);
        Assert.Null(refused.Document.QuerySelector("[data-testid=continue-on-whatsapp]"));
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        using var visitor = new ConsoleBrowser(_admin);
        var refused = await visitor.PostAsync($"/forms/{_slug}", new Dictionary<string, string> { ["Name"] = "Ana", ["Phone"] = "+31612345678", ["Consent"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }
}
