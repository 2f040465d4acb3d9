using System.Net.Http.Json;
using Messaging.Testing;
using Npgsql;

namespace Admin.Tests.Tenancy;

public sealed class SecretsTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    const string AccessToken = "EAAG-very-secret-access-token-Q7x2";
    const string AppSecret = "meta-app-secret-5f4dcc3b5aa765d6";
    AdminApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await AdminApp.StartAsync(postgres, redis);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_never_returned()
    {
        var workspaceId = await _app.CreateWorkspaceAsync("secrets");
        var created = await _app.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("555000111", AppSecret, AccessToken));
        var channelId = created.GetProperty("id").GetString();

        var responses = new[]
        {
            created.GetRawText(),
            await _app.Client.GetStringAsync($"/api/tenancy/channels/{channelId}", TestContext.Current.CancellationToken),
            await _app.Client.GetStringAsync($"/api/tenancy/workspaces/{workspaceId}/channels", TestContext.Current.CancellationToken),
        };
        foreach (var body in responses)
        {
            Assert.DoesNotContain(AccessToken, body, StringComparison.Ordinal);
            Assert.DoesNotContain(AppSecret, body, StringComparison.Ordinal);
        }
        var accessTokenStatus = created.GetProperty("meta").GetProperty("accessToken");
        Assert.True(accessTokenStatus.GetProperty("configured").GetBoolean());
        Assert.Equal("Q7x2", accessTokenStatus.GetProperty("last4").GetString());

        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT meta_access_token_protected, meta_app_secret_protected, (SELECT count(*) FROM tenancy.data_protection_keys) FROM tenancy.channels", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        var storedToken = reader.GetString(0);
        var storedSecret = reader.GetString(1);
        Assert.DoesNotContain(AccessToken, storedToken, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecret, storedSecret, StringComparison.Ordinal);
        // Data Protection payloads start with its magic header, base64url-encoded.
        Assert.StartsWith("CfDJ8", storedToken, StringComparison.Ordinal);
        Assert.StartsWith("CfDJ8", storedSecret, StringComparison.Ordinal);
        Assert.True(reader.GetInt64(2) >= 1, "the key ring is stored in tenancy.data_protection_keys");
    }

    [Fact]
    public async Task An_update_without_secrets_keeps_them_and_a_new_secret_rotates_it()
    {
        var workspaceId = await _app.CreateWorkspaceAsync("rotation");
        var created = await _app.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("555000222", AppSecret, AccessToken));
        var channelId = created.GetProperty("id").GetString();

        using var keep = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/channels/{channelId}")
        {
            Content = JsonContent.Create(new { name = "Renamed", provider = "meta", meta = new { phoneNumberId = "555000222", verifyToken = "verify-me" } }),
        };
        keep.Headers.IfMatch.ParseAdd("\"1\"");
        var kept = await AdminApp.ReadSuccessAsync(await _app.Client.SendAsync(keep, TestContext.Current.CancellationToken));
        Assert.Equal("Q7x2", kept.GetProperty("meta").GetProperty("accessToken").GetProperty("last4").GetString());

        using var rotate = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/channels/{channelId}")
        {
            Content = JsonContent.Create(new { name = "Renamed", provider = "meta", meta = new { phoneNumberId = "555000222", verifyToken = "verify-me", appSecret = "rotated-app-secret-000000009999" } }),
        };
        rotate.Headers.IfMatch.ParseAdd("\"2\"");
        var rotated = await AdminApp.ReadSuccessAsync(await _app.Client.SendAsync(rotate, TestContext.Current.CancellationToken));
        Assert.Equal("9999", rotated.GetProperty("meta").GetProperty("appSecret").GetProperty("last4").GetString());
        Assert.DoesNotContain("rotated-app-secret", rotated.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(3, rotated.GetProperty("version").GetInt64());
    }
}
