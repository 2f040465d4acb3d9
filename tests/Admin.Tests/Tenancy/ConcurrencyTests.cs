using System.Net;
using System.Net.Http.Json;
using Messaging.Testing;

namespace Admin.Tests.Tenancy;

public sealed class ConcurrencyTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _app = null!;
    string _channelId = "";

    public async ValueTask InitializeAsync()
    {
        _app = await AdminApp.StartAsync(postgres, redis);
        var workspaceId = await _app.CreateWorkspaceAsync("concurrency");
        _channelId = (await _app.CreateChannelAsync(workspaceId, AdminApp.TwilioChannel("whatsapp:+14155238886"))).GetProperty("id").GetString()!;
        var created = await _app.Client.PutAsJsonAsync($"/api/tenancy/channels/{_channelId}/reply-config", Config("initial"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static object Config(string ruleId) => new
    {
        rules = new[] { new { id = ruleId, label = ruleId, matcher = new { type = "keyword", keywords = new[] { ruleId } }, response = new { type = "canned", text = ruleId } } },
        defaultRule = new { id = "fallback", label = "Fallback", response = new { type = "canned", text = "Thanks!" } },
    };

    Task<HttpResponseMessage> PutAsync(object config, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/channels/{_channelId}/reply-config") { Content = JsonContent.Create(config) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Two_concurrent_updates_of_one_rule_list_leave_one_winner_and_one_clear_conflict()
    {
        var responses = await Task.WhenAll(PutAsync(Config("alice"), "\"1\""), PutAsync(Config("bob"), "\"1\""));

        var statuses = responses.Select(r => r.StatusCode).Order().ToArray();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses);
        var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
        var winnerRule = (await AdminApp.ReadSuccessAsync(winner)).GetProperty("rules")[0].GetProperty("id").GetString();
        var conflict = await loser.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("changed by someone else", conflict, StringComparison.Ordinal);

        var current = await AdminApp.ReadSuccessAsync(await _app.Client.GetAsync($"/api/tenancy/channels/{_channelId}/reply-config", TestContext.Current.CancellationToken));
        Assert.Equal(2, current.GetProperty("version").GetInt64());
        Assert.Equal(winnerRule, current.GetProperty("rules")[0].GetProperty("id").GetString());
        Assert.Equal(1, current.GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_the_current_one()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Config("first"), "\"1\"")).StatusCode);

        var stale = await PutAsync(Config("second"), "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("is at version 2", await stale.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_an_existing_resource_without_If_Match_is_refused()
    {
        var response = await PutAsync(Config("blind"), ifMatch: null);

        Assert.Equal(HttpStatusCode.PreconditionRequired, response.StatusCode);
        Assert.Contains("If-Match", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
