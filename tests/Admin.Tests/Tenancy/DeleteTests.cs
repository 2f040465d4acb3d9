using System.Net;
using System.Net.Http.Json;
using Messaging.Testing;

namespace Admin.Tests.Tenancy;

public sealed class DeleteTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _app = null!;
    string _workspaceId = "";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await AdminApp.StartAsync(postgres, redis);
        _workspaceId = await _app.CreateWorkspaceAsync("deletes");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    Task<HttpResponseMessage> DeleteAsync(string path, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, path);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return _app.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_knowledge_entry_is_deleted_only_with_its_current_version()
    {
        using var created = await _app.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{_workspaceId}/knowledge", new { title = "Hours", content = "9 to 5", tags = new[] { "hours" } }, Ct);
        var entry = await AdminApp.ReadSuccessAsync(created);
        var path = $"/api/tenancy/knowledge/{entry.GetProperty("id").GetString()}";

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await DeleteAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await DeleteAsync(path, "\"999\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(path, "\"" + entry.GetProperty("version").GetInt64() + "\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client.GetAsync(new Uri(path, UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(path, "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task A_channel_and_a_template_are_deleted_with_their_current_versions()
    {
        var channel = await _app.CreateChannelAsync(_workspaceId, AdminApp.MetaChannel("550001112223"));
        using var template = await _app.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{_workspaceId}/templates",
            new { name = "follow_up", language = "en", category = "utility", body = "Hi {{1}}", status = "approved" }, Ct);
        var created = await AdminApp.ReadSuccessAsync(template);
        var channelPath = $"/api/tenancy/channels/{channel.GetProperty("id").GetString()}";

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(channelPath, "\"" + channel.GetProperty("version").GetInt64() + "\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/api/tenancy/templates/{created.GetProperty("id").GetString()}", "\"" + created.GetProperty("version").GetInt64() + "\"")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client.GetAsync(new Uri(channelPath, UriKind.Relative), Ct)).StatusCode);
        using var templates = await _app.Client.GetAsync(new Uri($"/api/tenancy/workspaces/{_workspaceId}/templates", UriKind.Relative), Ct);
        Assert.Equal(0, (await AdminApp.ReadSuccessAsync(templates)).GetArrayLength());
    }
}
