using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Admin.Tests.Tenancy;

/// <summary>The Admin service in-process on its own fresh database, with helpers that create tenancy resources through the API.</summary>
public sealed class AdminApp : IAsyncDisposable
{
    readonly WebApplicationFactory<Program> _factory;

    AdminApp(WebApplicationFactory<Program> factory, string connectionString)
    {
        _factory = factory;
        ConnectionString = connectionString;
        Client = factory.CreateClient().Authenticate();
    }

    public string ConnectionString { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>A client that presents no service credential, as anyone outside the deployment.</summary>
    public HttpClient CreateAnonymousClient() => _factory.CreateClient();

    public HttpClient CreateClient(WebApplicationFactoryClientOptions options) => _factory.CreateClient(options);

    /// <summary>A console login that is a member of the workspace, through the internal API the deployment's tools use.</summary>
    public async Task<(string Email, string Password)> CreateMemberAsync(string workspaceId, string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@example.com";
        const string password = "correct-horse-7";
        var response = await Client.PutAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/members",
            new { email, displayName = "Member " + email[..6], password, role }, TestContext.Current.CancellationToken);
        await ReadSuccessAsync(response);
        return (email, password);
    }

    public static async Task<AdminApp> StartAsync(PostgresFixture postgres, RedisFixture redis, IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? log = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("tenancy_admin", TestContext.Current.CancellationToken);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:messaging", connectionString);
            builder.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
            // The stand-in provider the channels below name runs on loopback, as an operator of a test deployment allows.
            builder.UseSetting("Tenancy:TenantUrls:AllowHttp", "true");
            builder.UseSetting(TestServiceCaller.AcceptSetting.Key, TestServiceCaller.AcceptSetting.Value);
            builder.UseSetting("Tenancy:TenantUrls:AllowedHosts:0", "127.0.0.1:5999");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                if (log is not null)
                {
                    logging.AddProvider(log);
                }
            });
        });
        return new AdminApp(factory, connectionString);
    }

    public async Task<string> CreateWorkspaceAsync(string slug)
    {
        var response = await Client.PostAsJsonAsync("/api/tenancy/workspaces", new { name = "Demo " + slug, slug, timeZone = "Europe/Paris" }, TestContext.Current.CancellationToken);
        return (await ReadSuccessAsync(response)).GetProperty("id").GetString()!;
    }

    public static object MetaChannel(string phoneNumberId, string appSecret = "app-secret-0123456789", string accessToken = "EAAG-access-token-0123456789") => new
    {
        name = "Meta " + phoneNumberId,
        provider = "meta",
        baseUrl = "http://127.0.0.1:5999/graph",
        allowlist = new[] { "+33 6 12 34 56 78" },
        meta = new { phoneNumberId, displayPhoneNumber = "+1 555 0100", wabaId = "1029384756", accessToken, appSecret, verifyToken = "verify-me" },
    };

    public static object TwilioChannel(string number, string authToken = "twilio-auth-token-0123456789") => new
    {
        name = "Twilio " + number,
        provider = "twilio",
        twilio = new { accountSid = "AC" + new string('a', 32), authToken, number },
    };

    public async Task<JsonElement> CreateChannelAsync(string workspaceId, object channel)
    {
        var response = await Client.PostAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/channels", channel, TestContext.Current.CancellationToken);
        return await ReadSuccessAsync(response);
    }

    public static async Task<JsonElement> ReadSuccessAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}
