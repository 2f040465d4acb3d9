using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Contracts.Events;
using Messaging.Embeddings;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Messaging.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Admin.Tests.Tenancy;

/// <summary>
/// A reader host (what Ingest and Agent run) next to Admin: changes made through the API reach it
/// through tenancy:changed, and the next lookup sees them, without restarting anything. The
/// refresh timer is set to a day, so only the event can explain the reload.
/// </summary>
public sealed class HotReloadTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _app = null!;
    IHost _readerHost = null!;

    ITenancyReader Reader => _readerHost.Services.GetRequiredService<ITenancyReader>();

    public async ValueTask InitializeAsync()
    {
        _app = await AdminApp.StartAsync(postgres, redis);
        // A test host, like the AdminApp beside it, runs without a master key; production refuses that.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = _app.ConnectionString,
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Tenancy:Reader:RefreshInterval"] = "1.00:00:00",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTenancyReader();
        _readerHost = builder.Build();
        await _readerHost.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _readerHost.StopAsync(CancellationToken.None);
        _readerHost.Dispose();
        await _app.DisposeAsync();
    }

    Task<TenancyChanged> NextChangeAsync(Func<TenancyChanged, bool> predicate)
    {
        var cache = _readerHost.Services.GetRequiredService<TenancyCache>();
        var applied = new TaskCompletionSource<TenancyChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnApplied(TenancyChanged change)
        {
            if (predicate(change) && applied.TrySetResult(change))
            {
                cache.ChangeApplied -= OnApplied;
            }
        }
        cache.ChangeApplied += OnApplied;
        return applied.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_channel_created_through_the_API_is_resolved_by_the_next_lookup_after_its_event()
    {
        var workspaceId = await _app.CreateWorkspaceAsync("hot-reload");
        Assert.Null(await Reader.FindMetaChannelAsync("777000111", TestContext.Current.CancellationToken));

        var created = NextChangeAsync(change => change.WorkspaceId == workspaceId && change.Entity == TenancyEntity.Channel);
        var channel = await _app.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("777000111", appSecret: "first-app-secret-0001", accessToken: "EAAG-first-token-0001"));
        var channelId = channel.GetProperty("id").GetString()!;
        await created;

        var resolved = await Reader.FindMetaChannelAsync("777000111", TestContext.Current.CancellationToken);
        Assert.NotNull(resolved);
        Assert.Equal(channelId, resolved.Id);
        Assert.Equal(workspaceId, resolved.WorkspaceId);
        Assert.Equal("first-app-secret-0001", resolved.Meta!.AppSecret);
        Assert.Equal("EAAG-first-token-0001", resolved.Meta.AccessToken);
        Assert.Equal(new Uri("http://127.0.0.1:5999/graph"), resolved.BaseUrl);
        Assert.True(resolved.Allows("33612345678"));
        Assert.False(resolved.Allows("+1 555 999 0000"));
        Assert.True(await Reader.IsMetaVerifyTokenAsync("verify-me", TestContext.Current.CancellationToken));

        var rotated = NextChangeAsync(change => change.EntityId == channelId && change.Revision == 2);
        using var rotate = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/channels/{channelId}")
        {
            Content = JsonContent.Create(new { name = "Meta", provider = "meta", baseUrl = "http://127.0.0.1:5999/graph", meta = new { phoneNumberId = "777000111", verifyToken = "verify-me", appSecret = "rotated-app-secret-0002" } }),
        };
        rotate.Headers.IfMatch.ParseAdd("\"1\"");
        await AdminApp.ReadSuccessAsync(await _app.Client.SendAsync(rotate, TestContext.Current.CancellationToken));
        await rotated;

        var afterRotation = await Reader.FindMetaChannelAsync("777000111", TestContext.Current.CancellationToken);
        Assert.Equal("rotated-app-secret-0002", afterRotation!.Meta!.AppSecret);
        Assert.Equal("EAAG-first-token-0001", afterRotation.Meta.AccessToken);
    }

    [Fact]
    public async Task A_deleted_channel_is_gone_for_the_reader_after_its_event()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspaceId = await _app.CreateWorkspaceAsync("hot-delete");
        var created = NextChangeAsync(change => change.WorkspaceId == workspaceId && change.Entity == TenancyEntity.Channel);
        var channel = await _app.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("777000222"));
        await created;
        Assert.NotNull(await Reader.FindMetaChannelAsync("777000222", ct));

        var deleted = NextChangeAsync(change => change.WorkspaceId == workspaceId && change.Entity == TenancyEntity.Channel && change.Revision > channel.GetProperty("version").GetInt64());
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/tenancy/channels/{channel.GetProperty("id").GetString()}");
        request.Headers.TryAddWithoutValidation("If-Match", "\"" + channel.GetProperty("version").GetInt64() + "\"");
        using var response = await _app.Client.SendAsync(request, ct);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        await deleted;

        Assert.Null(await Reader.FindMetaChannelAsync("777000222", ct));
    }

    [Fact]
    public async Task Twilio_numbers_reply_configs_and_personas_reach_the_reader()
    {
        var workspaceId = await _app.CreateWorkspaceAsync("hot-reload-twilio");
        var channel = await _app.CreateChannelAsync(workspaceId, AdminApp.TwilioChannel("whatsapp:+14155238886", authToken: "twilio-auth-token-0001"));
        var channelId = channel.GetProperty("id").GetString()!;

        var configured = NextChangeAsync(change => change.ChannelId == channelId && change.Entity == TenancyEntity.ReplyConfig);
        await AdminApp.ReadSuccessAsync(await _app.Client.PutAsJsonAsync($"/api/tenancy/channels/{channelId}/reply-config", new
        {
            waitSeconds = 5,
            rules = new object[]
            {
                new { id = "hours", label = "Opening hours", matcher = new { type = "keyword", keywords = new[] { "hours", "open" }, mode = "whole_word" }, response = new { type = "canned", text = "9 to 5." } },
                new { id = "booking", label = "Booking", matcher = new { type = "semantic", description = "the customer wants to book an appointment", threshold = 0.35 }, response = new { type = "ai", prompt = "Offer a slot." } },
            },
            defaultRule = new { id = "fallback", label = "Fallback", response = new { type = "canned", text = "Thanks!" } },
        }, TestContext.Current.CancellationToken));
        await configured;

        var resolved = await Reader.FindTwilioChannelAsync("whatsapp:+14155238886", TestContext.Current.CancellationToken);
        Assert.Equal("twilio-auth-token-0001", resolved!.Twilio!.AuthToken);
        var config = await Reader.GetReplyConfigurationAsync(channelId, TestContext.Current.CancellationToken);
        Assert.NotNull(config);
        Assert.Equal(5, config.WaitSeconds);
        Assert.Equal(["hours", "booking"], config.Rules.Select(r => r.Id));
        var semantic = Assert.IsType<SemanticMatcher>(config.Rules[1].Matcher);
        Assert.Equal((HybridEmbeddingGenerator.Dimensions, HybridEmbeddingGenerator.ModelId), (semantic.Embedding.Length, semantic.EmbeddingModel));
        Assert.Equal("fallback", config.DefaultRule.Id);

        var persona = NextChangeAsync(change => change.WorkspaceId == workspaceId && change.Entity == TenancyEntity.Persona);
        await AdminApp.ReadSuccessAsync(await _app.Client.PutAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/persona", new { prompt = "You are friendly." }, TestContext.Current.CancellationToken));
        await persona;
        var workspace = await Reader.GetWorkspaceAsync(workspaceId, TestContext.Current.CancellationToken);
        Assert.Equal(PersonaSafety.Pending, workspace!.Persona!.Safety);
    }

    static object Rule(string id, string keyword, string text) =>
        new { id, label = id, matcher = new { type = "keyword", keywords = new[] { keyword }, mode = "whole_word" }, response = new { type = "canned", text } };

    static object Config(params object[] rules) => new { waitSeconds = 0, rules, defaultRule = new { id = "fallback", label = "Fallback", response = new { type = "canned", text = "Thanks!" } } };

    async Task<JsonElement> PutAsync(string path, object body, long? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (version is { } v)
        {
            request.Headers.IfMatch.ParseAdd("\"" + v + "\"");
        }
        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode == System.Net.HttpStatusCode.NoContent ? default : await AdminApp.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task A_rule_added_once_to_a_shared_configuration_reaches_the_meta_and_the_twilio_number_and_a_split_copy_stays_apart()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspaceId = await _app.CreateWorkspaceAsync("shared-config");
        var meta = (await _app.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("777000333"))).GetProperty("id").GetString()!;
        var twilio = (await _app.CreateChannelAsync(workspaceId, AdminApp.TwilioChannel("whatsapp:+14155230333"))).GetProperty("id").GetString()!;
        var created = await PutAsync($"/api/tenancy/channels/{meta}/reply-config", Config(Rule("hours", "hours", "9 to 5.")), null);
        var configId = created.GetProperty("id").GetString()!;
        Assert.Equal([meta], created.GetProperty("channelIds").EnumerateArray().Select(c => c.GetString()));

        var linked = NextChangeAsync(change => change.ChannelId == twilio && change.Entity == TenancyEntity.ReplyConfig);
        await PutAsync($"/api/tenancy/channels/{twilio}/reply-config/link", new { replyConfigId = configId }, null);
        await linked;
        var shared = await AdminApp.ReadSuccessAsync(await _app.Client.GetAsync($"/api/tenancy/reply-configs/{configId}", ct));
        Assert.Equal([meta, twilio], shared.GetProperty("channelIds").EnumerateArray().Select(c => c.GetString()));

        // Edited once, through the Meta number's address: both numbers answer with the new rule.
        var edited = NextChangeAsync(change => change.EntityId == configId && change.Revision == 2);
        await PutAsync($"/api/tenancy/channels/{meta}/reply-config", Config(Rule("hours", "hours", "9 to 5."), Rule("parking", "parking", "Behind the shop.")), 1);
        await edited;
        foreach (var channel in new[] { meta, twilio })
        {
            var config = await Reader.GetReplyConfigurationAsync(channel, ct);
            Assert.Equal(configId, config!.Id);
            Assert.Equal(["hours", "parking"], config.Rules.Select(r => r.Id));
        }

        // Split off: the Twilio number gets a copy; a change to the copy leaves the Meta number as it was.
        using var copyResponse = await _app.Client.PostAsync($"/api/tenancy/channels/{twilio}/reply-config/copy", null, ct);
        var copy = await AdminApp.ReadSuccessAsync(copyResponse);
        var copyId = copy.GetProperty("id").GetString()!;
        Assert.NotEqual(configId, copyId);
        Assert.Equal(["hours", "parking"], copy.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var changedCopy = NextChangeAsync(change => change.EntityId == copyId && change.Revision == 2);
        await PutAsync($"/api/tenancy/reply-configs/{copyId}", Config(Rule("menu", "menu", "See the board.")), 1);
        await changedCopy;

        Assert.Equal(["menu"], (await Reader.GetReplyConfigurationAsync(twilio, ct))!.Rules.Select(r => r.Id));
        Assert.Equal(["hours", "parking"], (await Reader.GetReplyConfigurationAsync(meta, ct))!.Rules.Select(r => r.Id));
        var list = await AdminApp.ReadSuccessAsync(await _app.Client.GetAsync($"/api/tenancy/workspaces/{workspaceId}/reply-configs", ct));
        Assert.Equal(
            [(configId, meta), (copyId, twilio)],
            list.EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, Assert.Single(c.GetProperty("channelIds").EnumerateArray()).GetString()!)).OrderBy(c => c.Item1 == configId ? 0 : 1));
    }

    [Fact]
    public async Task A_channel_cannot_be_pointed_at_the_configuration_of_another_workspace()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await _app.CreateWorkspaceAsync("config-mine");
        var theirs = await _app.CreateWorkspaceAsync("config-theirs");
        var myChannel = (await _app.CreateChannelAsync(mine, AdminApp.MetaChannel("777000444"))).GetProperty("id").GetString()!;
        var theirChannel = (await _app.CreateChannelAsync(theirs, AdminApp.MetaChannel("777000555"))).GetProperty("id").GetString()!;
        var theirConfig = (await PutAsync($"/api/tenancy/channels/{theirChannel}/reply-config", Config(Rule("secret", "secret", "Theirs.")), null)).GetProperty("id").GetString();

        foreach (var target in new[] { theirConfig, Guid.NewGuid().ToString(), "not-an-id" })
        {
            using var response = await _app.Client.PutAsJsonAsync($"/api/tenancy/channels/{myChannel}/reply-config/link", new { replyConfigId = target }, ct);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        }
        using var missing = await _app.Client.GetAsync($"/api/tenancy/channels/{myChannel}/reply-config", ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
