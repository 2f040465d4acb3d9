using System.Net;
using System.Net.Http.Json;
using Messaging.Testing;
using Messaging.Tenancy.Reading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Admin.Tests.Tenancy;

/// <summary>
/// A number of the deployment's platform Meta app: created by its phone number id alone, stored
/// without any secret, and read by Ingest and the Agent with the platform's token, secret, WABA and
/// Graph address; refused where the deployment has no platform app, or when it brings secrets.
/// </summary>
public sealed class PlatformAppChannelTests(PostgresFixture postgres, RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly Dictionary<string, string?> Platform = new()
    {
        ["Channels:Meta:Platform:AppSecret"] = "platform-app-secret-0123",
        ["Channels:Meta:Platform:AccessToken"] = "EAAG-platform-system-user-token",
        ["Channels:Meta:Platform:WabaId"] = "102000000000009",
        ["Channels:Meta:Platform:BaseUrl"] = "http://127.0.0.1:5999/graph",
    };

    [Fact]
    public async Task A_number_added_by_its_id_alone_is_read_with_the_platform_apps_credentials()
    {
        await using var app = await AdminApp.StartAsync(postgres, redis, Platform);
        var workspace = await app.CreateWorkspaceAsync("platform-numbers");
        var created = await app.CreateChannelAsync(workspace, new { name = "By id", provider = "meta", meta = new { phoneNumberId = "660000111", platformApp = true } });
        var meta = created.GetProperty("meta");
        Assert.True(meta.GetProperty("platformApp").GetBoolean());
        Assert.False(meta.GetProperty("accessToken").GetProperty("configured").GetBoolean());
        Assert.False(meta.GetProperty("verifyToken").GetProperty("configured").GetBoolean());

        using var readerHost = await ReaderAsync(app.ConnectionString, Platform);
        var channel = await readerHost.Services.GetRequiredService<ITenancyReader>().FindMetaChannelAsync("660000111", Ct);
        Assert.NotNull(channel?.Meta);
        Assert.True(channel.Meta.UsesPlatformApp);
        Assert.Equal("EAAG-platform-system-user-token", channel.Meta.AccessToken);
        Assert.Equal("platform-app-secret-0123", channel.Meta.AppSecret);
        Assert.Equal("102000000000009", channel.Meta.WabaId);
        Assert.Equal(new Uri("http://127.0.0.1:5999/graph"), channel.BaseUrl);

        // A reader without the platform app knows the channel but has nothing to check or send with.
        using var bare = await ReaderAsync(app.ConnectionString, new Dictionary<string, string?>());
        var unconfigured = await bare.Services.GetRequiredService<ITenancyReader>().FindMetaChannelAsync("660000111", Ct);
        Assert.NotNull(unconfigured);
        Assert.Null(unconfigured.Meta);

        using var mixed = await app.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{workspace}/channels",
            new { name = "Mixed", provider = "meta", baseUrl = "http://127.0.0.1:5999/graph", meta = new { phoneNumberId = "660000222", platformApp = true, appSecret = "own-app-secret-0123" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        var problem = await mixed.Content.ReadAsStringAsync(Ct);
        Assert.Contains("meta.appSecret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_platform_app_a_number_needs_its_own_credentials()
    {
        await using var app = await AdminApp.StartAsync(postgres, redis);
        var workspace = await app.CreateWorkspaceAsync("no-platform");
        using var refused = await app.Client.PostAsJsonAsync($"/api/tenancy/workspaces/{workspace}/channels",
            new { name = "By id", provider = "meta", meta = new { phoneNumberId = "660000333", platformApp = true } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no platform Meta app", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    async Task<IHost> ReaderAsync(string database, Dictionary<string, string?> settings)
    {
        // A test host, like the AdminApp beside it, runs without a master key; production refuses that.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:messaging"] = database,
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Tenancy:Reader:RefreshInterval"] = "1.00:00:00",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTenancyReader();
        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }
}
