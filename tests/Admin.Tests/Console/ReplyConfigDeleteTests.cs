using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Admin.Tests.Tenancy;
using Messaging.Testing;
using Npgsql;

namespace Admin.Tests.Console;

/// <summary>An owner deletes, from the Replies page, a reply configuration no number answers with; one in use stays.</summary>
public sealed class ReplyConfigDeleteTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await AdminApp.StartAsync(postgres, redis);

    public async ValueTask DisposeAsync() => await _admin.DisposeAsync();

    static readonly object Config = new
    {
        enabled = true,
        waitSeconds = 0,
        rules = Array.Empty<object>(),
        defaultRule = new { id = "default", label = "Default", response = new { type = "canned", text = "Thanks, we will answer soon." } },
    };

    /// <summary>Two numbers that both answer with the first one's configuration; the second one's own is left unused.</summary>
    async Task<(string Slug, string WorkspaceId, string FirstChannel, string UsedConfig, string UnusedConfig)> WorkspaceWithAnUnusedConfigAsync()
    {
        var slug = "replies-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _admin.CreateWorkspaceAsync(slug);
        var first = (await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("559" + Random.Shared.Next(1_000_000, 9_999_999)))).GetProperty("id").GetString()!;
        var second = (await _admin.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("559" + Random.Shared.Next(1_000_000, 9_999_999)))).GetProperty("id").GetString()!;
        var used = (await AdminApp.ReadSuccessAsync(await _admin.Client.PutAsJsonAsync($"/api/tenancy/channels/{first}/reply-config", Config, Ct))).GetProperty("id").GetString()!;
        var unused = (await AdminApp.ReadSuccessAsync(await _admin.Client.PutAsJsonAsync($"/api/tenancy/channels/{second}/reply-config", Config, Ct))).GetProperty("id").GetString()!;
        using (var linked = await _admin.Client.PutAsJsonAsync($"/api/tenancy/channels/{second}/reply-config/link", new { replyConfigId = used }, Ct))
        {
            linked.EnsureSuccessStatusCode();
        }
        return (slug, workspaceId, first, used, unused);
    }

    async Task<HttpStatusCode> ConfigStatusAsync(string configId)
    {
        using var response = await _admin.Client.GetAsync(new Uri($"/api/tenancy/reply-configs/{configId}", UriKind.Relative), Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task An_owner_deletes_an_unused_configuration_and_one_in_use_is_refused_with_the_numbers_that_use_it()
    {
        var (slug, workspaceId, first, used, unused) = await WorkspaceWithAnUnusedConfigAsync();
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "owner");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        var page = await browser.GetAsync($"/admin/w/{slug}/replies?channel={first}");
        Assert.NotNull(page.Document.QuerySelector("[data-testid=unused-configs]"));

        // The same form naming the configuration both numbers answer with.
        var refused = await browser.SubmitAsync(page, "Delete this configuration", new Dictionary<string, string> { ["ReplyConfigId"] = used, ["Version"] = "1" });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("in use by", refused.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ConfigStatusAsync(used));

        var deleted = await browser.SubmitAsync(await browser.GetAsync($"/admin/w/{slug}/replies?channel={first}"), "Delete this configuration");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, await ConfigStatusAsync(unused));
        Assert.Equal(HttpStatusCode.OK, await ConfigStatusAsync(used));
        Assert.Null(deleted.Document.QuerySelector("[data-testid=unused-configs]"));
    }

    [Fact]
    public async Task Without_the_anti_forgery_token_or_as_an_operator_nothing_is_deleted()
    {
        var (slug, workspaceId, first, _, unused) = await WorkspaceWithAnUnusedConfigAsync();
        var (email, password) = await _admin.CreateMemberAsync(workspaceId, "operator");
        using var browser = new ConsoleBrowser(_admin);
        await browser.SignInAsync(email, password);
        var fields = new Dictionary<string, string> { ["ChannelId"] = first, ["ReplyConfigId"] = unused, ["Version"] = "1" };

        var forged = await browser.PostAsync($"/admin/w/{slug}/replies?channel={first}&handler=DeleteConfig", fields);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);

        // An operator's page has no delete button; the owner's form posted by the operator is refused.
        var page = await browser.GetAsync($"/admin/w/{slug}/replies?channel={first}");
        Assert.Null(page.Document.QuerySelector("[data-testid=unused-configs]"));
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var asOperator = await browser.PostAsync($"/admin/w/{slug}/replies?channel={first}&handler=DeleteConfig",
            new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.NotFound, asOperator.Status);

        Assert.Equal(HttpStatusCode.OK, await ConfigStatusAsync(unused));
    }

    [Fact]
    public async Task A_configuration_a_number_is_switched_to_while_its_delete_runs_is_kept_and_the_delete_is_refused_with_409()
    {
        var (_, _, first, _, unused) = await WorkspaceWithAnUnusedConfigAsync();
        await using var database = new NpgsqlConnection(_admin.ConnectionString);
        await database.OpenAsync(Ct);
        // Another request switches the first number to the unused configuration and has not committed yet,
        // so the delete's in-use check sees no number and its DELETE has to wait for that request.
        await using var link = await database.BeginTransactionAsync(Ct);
        await using (var update = new NpgsqlCommand("UPDATE tenancy.channels SET reply_config_id = @config WHERE id = @channel", database, link))
        {
            update.Parameters.AddWithValue("config", Guid.Parse(unused));
            update.Parameters.AddWithValue("channel", Guid.Parse(first));
            await update.ExecuteNonQueryAsync(Ct);
        }
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/tenancy/reply-configs/{unused}");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var delete = _admin.Client.SendAsync(request, Ct);
        await WaitUntilADeleteWaitsForALockAsync(delete);
        await link.CommitAsync(Ct);

        using var refused = await delete;

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("A number answers with this reply configuration", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ConfigStatusAsync(unused));
        await using var read = new NpgsqlCommand("SELECT reply_config_id FROM tenancy.channels WHERE id = @channel", database);
        read.Parameters.AddWithValue("channel", Guid.Parse(first));
        Assert.Equal(Guid.Parse(unused), await read.ExecuteScalarAsync(Ct));
    }

    /// <summary>The DELETE of a reply configuration, blocked behind the open switch (PostgreSQL's own view of its sessions).</summary>
    async Task WaitUntilADeleteWaitsForALockAsync(Task<HttpResponseMessage> delete)
    {
        await using var observer = new NpgsqlConnection(_admin.ConnectionString);
        await observer.OpenAsync(Ct);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(delete.IsCompleted, "The delete answered before it reached the database's lock: " + (delete.IsCompletedSuccessfully ? delete.Result.StatusCode.ToString() : "failed"));
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%DELETE FROM%reply_configs%' AND pid <> pg_backend_pid()", observer);
            if ((long)(await waiting.ExecuteScalarAsync(Ct))! > 0)
            {
                return;
            }
            await Task.Delay(50, Ct);
        }
        Assert.Fail("The delete never waited for the switch's lock.");
    }
}
