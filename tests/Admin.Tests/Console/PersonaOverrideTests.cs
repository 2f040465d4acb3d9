using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Admin.Tests.Tenancy;
using Messaging.Testing;

namespace Admin.Tests.Console;

/// <summary>An owner's own verdict over the safety check, from the Persona page, against a real PostgreSQL and Redis.</summary>
public sealed class PersonaOverrideTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await AdminApp.StartAsync(postgres, redis);

    public async ValueTask DisposeAsync() => await _admin.DisposeAsync();

    async Task<(string Slug, string WorkspaceId)> WorkspaceWithPendingPersonaAsync()
    {
        var slug = "persona-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        await AdminApp.ReadSuccessAsync(await _admin.Client.PutAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/persona",
            new { prompt = "You are the front desk of a small bakery." }, Ct));
        return (slug, workspaceId);
    }

    async Task<JsonElement> PersonaAsync(string workspaceId) =>
        await AdminApp.ReadSuccessAsync(await _admin.Client.GetAsync($"/api/tenancy/workspaces/{workspaceId}/persona", Ct));

    [Fact]
    public async Task An_owner_approves_a_persona_the_safety_check_holds_back_and_the_verdict_names_them()
    {
        var (slug, workspaceId) = await WorkspaceWithPendingPersonaAsync();
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        var page = await browser.GetAsync($"/admin/w/{slug}/persona");
        Assert.Equal("pending", (await PersonaAsync(workspaceId)).GetProperty("safetyStatus").GetString());

        await browser.SubmitAsync(page, "Approve this persona", new Dictionary<string, string> { ["Verdict"] = "approved", ["Reason"] = "reviewed it myself" });

        var persona = await PersonaAsync(workspaceId);
        Assert.Equal("approved", persona.GetProperty("safetyStatus").GetString());
        Assert.Equal($"Approved by {email} over the safety check: reviewed it myself", persona.GetProperty("safetyReason").GetString());
        Assert.Contains("approved", (await browser.GetAsync($"/admin/w/{slug}/persona")).Document.QuerySelector("[data-testid=safety]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_cannot_overrule_the_safety_check_and_an_unknown_verdict_changes_nothing()
    {
        var (slug, workspaceId) = await WorkspaceWithPendingPersonaAsync();
        var (ownerEmail, ownerPassword) = await _admin.CreateMemberAsync(workspaceId, "owner");
        var (operatorEmail, operatorPassword) = await _admin.CreateMemberAsync(workspaceId, "operator");
        var version = (await PersonaAsync(workspaceId)).GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        using (var owner = new ConsoleBrowser(_admin))
        {
            await owner.SignInAsync(ownerEmail, ownerPassword);
            var page = await owner.GetAsync($"/admin/w/{slug}/persona");
            var refused = await owner.SubmitAsync(page, "Approve this persona", new Dictionary<string, string> { ["Verdict"] = "trusted" });
            Assert.Contains("Choose approve or reject.", refused.Text, StringComparison.Ordinal);
        }
        using (var operatorBrowser = new ConsoleBrowser(_admin))
        {
            await operatorBrowser.SignInAsync(operatorEmail, operatorPassword);
            var page = await operatorBrowser.GetAsync($"/admin/w/{slug}/persona");
            Assert.DoesNotContain("Approve this persona", page.Text, StringComparison.Ordinal);
            // The anti-forgery token of a page the operator may see, posted to the owners' handler.
            var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var posted = await operatorBrowser.PostAsync($"/admin/w/{slug}/persona?handler=Override",
                new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = version, ["Verdict"] = "approved" });
            Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        }

        Assert.Equal("pending", (await PersonaAsync(workspaceId)).GetProperty("safetyStatus").GetString());
    }
}
