using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Admin.Pages.Workspace;
using Admin.Tenancy.Data;
using Admin.Tests.Tenancy;
using Messaging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Admin.Tests.Console;

/// <summary>
/// Every POST handler of every workspace page, found from the app's own Razor Pages (so a
/// handler added later is covered without touching this test), posted with a valid anti-forgery
/// token by the owner of another workspace and naming the target workspace's resources: each
/// answers 404 and nothing of the target changes, neither in the tenancy database nor in a call
/// to the Agent or Billing (a loopback stand-in that records whatever reaches it).
/// </summary>
public sealed partial class CrossWorkspacePostTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    readonly ConcurrentQueue<string> _serviceCalls = new();
    WebApplication _services = null!;
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _services = StandInService.Create();
        _services.Run(context =>
        {
            _serviceCalls.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await _services.StartAsync(Ct);
        var url = _services.Urls.Single();
        _admin = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?> { ["Console:AgentUrl"] = url, ["Console:BillingUrl"] = url });
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Each workspace page's route template and the names of its POST handlers.</summary>
    async Task<IReadOnlyList<(string Route, string Handler)>> WorkspacePostHandlersAsync()
    {
        var loader = _admin.Services.GetRequiredService<PageLoader>();
        var handlers = new List<(string, string)>();
        foreach (var page in _admin.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>())
        {
            var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            if (!typeof(WorkspacePageModel).IsAssignableFrom(compiled.ModelTypeInfo))
            {
                continue;
            }
            handlers.AddRange(compiled.HandlerMethods
                .Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => (compiled.AttributeRouteInfo!.Template!, h.Name ?? "")));
        }
        return handlers.Distinct().ToList();
    }

    /// <summary>The target's rows, as JSON, to compare before and after.</summary>
    async Task<string> SnapshotAsync(Guid workspaceId)
    {
        using var scope = _admin.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TenancyDbContext>();
        var rows = new object[]
        {
            await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).ToListAsync(Ct),
            await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.Id).ToListAsync(Ct),
            await db.ReplyConfigs.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.Id).ToListAsync(Ct),
            await db.Personas.AsNoTracking().Where(p => p.WorkspaceId == workspaceId).ToListAsync(Ct),
            await db.Knowledge.AsNoTracking().Where(k => k.WorkspaceId == workspaceId).OrderBy(k => k.Id).ToListAsync(Ct),
            await db.Templates.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).OrderBy(t => t.Id).ToListAsync(Ct),
            await db.AiSettings.AsNoTracking().Where(a => a.WorkspaceId == workspaceId).ToListAsync(Ct),
            await db.Memberships.AsNoTracking().Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.UserId).ToListAsync(Ct),
            await db.Invitations.AsNoTracking().Where(i => i.WorkspaceId == workspaceId).OrderBy(i => i.Id).ToListAsync(Ct),
            // Every tenancy change of any workspace writes an outbox message.
            await db.Outbox.CountAsync(Ct),
        };
        return JsonSerializer.Serialize(rows, new JsonSerializerOptions { ReferenceHandler = ReferenceHandler.IgnoreCycles });
    }

    [Fact]
    public async Task Every_post_handler_of_another_workspace_answers_404_to_a_valid_form_and_changes_nothing()
    {
        // The target: a workspace with something of each kind a handler acts on.
        var theirs = "target-" + Guid.NewGuid().ToString("N")[..8];
        var theirId = await _admin.CreateWorkspaceAsync(theirs);
        var channel = await _admin.CreateChannelAsync(theirId, AdminApp.MetaChannel("556" + Random.Shared.Next(1_000_000, 9_999_999)));
        var template = await AdminApp.ReadSuccessAsync(await _admin.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{theirId}/templates",
            new { name = "follow_up", language = "en", category = "utility", body = "Hi {{1}}", status = "approved" }, Ct));
        var (theirMember, _) = await _admin.CreateMemberAsync(theirId, "operator");
        var members = await _admin.Client.GetFromJsonAsync<JsonElement>($"/api/tenancy/workspaces/{theirId}/members", Ct);
        var theirUserId = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == theirMember).GetProperty("userId").GetString()!;

        // The attacker: the owner of a workspace of their own, with its anti-forgery token.
        var mine = "attacker-" + Guid.NewGuid().ToString("N")[..8];
        var myId = await _admin.CreateWorkspaceAsync(mine);
        var (email, password) = await _admin.CreateMemberAsync(myId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        var own = await browser.GetAsync($"/admin/w/{mine}/templates");
        var token = own.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["ChannelId"] = channel.GetProperty("id").GetString()!,
            ["TemplateId"] = template.GetProperty("id").GetString()!,
            ["UserId"] = theirUserId,
            ["Version"] = "1",
            ["Name"] = "forged",
            ["Text"] = "forged reply",
            ["Enabled"] = "false",
            ["Credits"] = "1000",
            ["Reason"] = "forged",
            ["Email"] = "forged@example.com",
            ["Role"] = "owner",
            ["Prompt"] = "forged persona",
            ["FallbackMessage"] = "forged",
            ["Languages"] = "en",
            ["RetentionMode"] = "metadata",
            ["RetentionDays"] = "1",
        };
        var handlers = await WorkspacePostHandlersAsync();
        // Not vacuous: the console's actions are all found, the newest included.
        foreach (var expected in new[] { "Rerun", "TakeOver", "Reply", "Template", "Replay", "Update", "Verify", "SaveRule", "Override", "Add", "Invite", "Grant", "Policy" })
        {
            Assert.Contains(handlers, h => h.Handler == expected);
        }
        var before = await SnapshotAsync(Guid.Parse(theirId));
        _serviceCalls.Clear();

        var answers = new List<string>();
        foreach (var (route, handler) in handlers)
        {
            var path = "/" + RouteParameter().Replace(route, m => m.Groups[1].Value == "slug" ? theirs : Guid.NewGuid().ToString()) + "?handler=" + handler;
            var answer = await browser.PostAsync(path, fields);
            answers.Add($"{path}: {(int)answer.Status}");
        }

        Assert.All(answers, a => Assert.EndsWith(": 404", a, StringComparison.Ordinal));
        Assert.Equal(before, await SnapshotAsync(Guid.Parse(theirId)));
        Assert.Empty(_serviceCalls);
        // The same token and fields on the attacker's own workspace do go through: the 404s are the scoping, not a refused form.
        var added = await browser.PostAsync($"/admin/w/{mine}/templates?handler=Add",
            new Dictionary<string, string>(fields) { ["Language"] = "en", ["Category"] = "utility", ["Body"] = "Hi {{1}}", ["Status"] = "approved" });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("Template forged added.", added.Document.QuerySelector(".notice")!.TextContent.Trim());
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
