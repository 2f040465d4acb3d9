using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Admin.Tenancy.Data;
using Messaging.Contracts.Events;
using Messaging.Testing;
using Messaging.Testing.Database;
using Messaging.Tenancy.Reading;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Admin.Tests.Tenancy;

/// <summary>
/// Meta verify tokens are kept as salted hashes: the API answers a token only to the create or
/// rotation that set it, the database holds no plain token (also after the migration that hashed
/// the former plain ones in place), and the readers (Ingest's handshake) still recognise it.
/// </summary>
public sealed class VerifyTokenTests(PostgresFixture postgres, RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_generated_token_is_answered_once_kept_as_a_hash_and_recognised_until_it_is_rotated()
    {
        await using var app = await AdminApp.StartAsync(postgres, redis);
        var workspace = await app.CreateWorkspaceAsync("hashed-tokens");
        var created = await app.CreateChannelAsync(workspace, new
        {
            name = "Meta",
            provider = "meta",
            meta = new { phoneNumberId = "880000111", accessToken = "EAAG-access-token-0123456789", appSecret = "app-secret-0123456789" },
        });
        var channelId = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("meta").GetProperty("issuedVerifyToken").GetString()!;
        Assert.True(token.Length >= 40, $"a generated token carries 256 bits, not '{token}'");
        Assert.True(created.GetProperty("meta").GetProperty("verifyToken").GetProperty("configured").GetBoolean());

        var read = await app.Client.GetFromJsonAsync<JsonElement>($"/api/tenancy/channels/{channelId}", Ct);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("meta").GetProperty("issuedVerifyToken").ValueKind);
        Assert.DoesNotContain(token, read.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, await ChannelRowsAsync(app.ConnectionString), StringComparison.Ordinal);

        using var reader = await ReaderAsync(app.ConnectionString);
        var tenancy = reader.Services.GetRequiredService<ITenancyReader>();
        Assert.True(await tenancy.IsMetaVerifyTokenAsync(token, Ct));
        Assert.False(await tenancy.IsMetaVerifyTokenAsync(token[..^1], Ct));
        Assert.False(await tenancy.IsMetaVerifyTokenAsync("verify-me", Ct));

        // Rotation: the owner's own token this time, answered once; the old one is forgotten.
        var applied = NextChannelChange(reader, channelId);
        using var rotate = new HttpRequestMessage(HttpMethod.Post, $"/api/tenancy/channels/{channelId}/verify-token") { Content = JsonContent.Create(new { verifyToken = "owners-own-token-42" }) };
        rotate.Headers.TryAddWithoutValidation("If-Match", "\"" + read.GetProperty("version").GetInt64() + "\"");
        var rotated = await AdminApp.ReadSuccessAsync(await app.Client.SendAsync(rotate, Ct));
        Assert.Equal("owners-own-token-42", rotated.GetProperty("meta").GetProperty("issuedVerifyToken").GetString());
        await applied;
        Assert.True(await tenancy.IsMetaVerifyTokenAsync("owners-own-token-42", Ct));
        Assert.False(await tenancy.IsMetaVerifyTokenAsync(token, Ct));
        Assert.DoesNotContain("owners-own-token-42", await ChannelRowsAsync(app.ConnectionString), StringComparison.Ordinal);

        // Without If-Match a rotation is refused, as every other change of a versioned resource.
        using var blind = await app.Client.PostAsJsonAsync($"/api/tenancy/channels/{channelId}/verify-token", new { }, Ct);
        Assert.Equal((HttpStatusCode)428, blind.StatusCode);
    }

    [Fact]
    public async Task The_migration_hashes_existing_plain_tokens_in_place_and_they_keep_working()
    {
        var database = await postgres.CreateDatabaseAsync("tenancy_plain_tokens", Ct);
        using (var before = MigratingHost.Create<TenancyDbContext>(database, TenancyDbContext.Schema))
        {
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TenancyDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            // The last migration before verify tokens were hashed.
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf(migrations.Single(m => m.EndsWith("_HashedVerifyTokensAndPlatformApp", StringComparison.Ordinal))) - 1], Ct);
        }
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(Ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO tenancy.workspaces (id, name, slug, time_zone, version, created_at, updated_at) VALUES (@w, 'Plain', 'plain', 'UTC', 1, now(), now());
                INSERT INTO tenancy.channels (id, workspace_id, name, provider, enabled, meta_phone_number_id, meta_graph_api_version, meta_verify_token,
                                              meta_access_token_protected, meta_app_secret_protected, version, created_at, updated_at)
                VALUES (@c1, @w, 'Café', 'meta', true, '770000111', 'v23.0', 'plain-verify-token-café', 'x', 'x', 1, now(), now()),
                       (@c2, @w, 'Other', 'meta', true, '770000222', 'v23.0', 'plain-verify-token-other', 'x', 'x', 1, now(), now());
                """, connection);
            insert.Parameters.AddWithValue("w", Guid.NewGuid());
            insert.Parameters.AddWithValue("c1", Guid.NewGuid());
            insert.Parameters.AddWithValue("c2", Guid.NewGuid());
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await MigratingHost.MigrateAsync<TenancyDbContext>(database, TenancyDbContext.Schema, Ct);

        var rows = await ChannelRowsAsync(database);
        Assert.DoesNotContain("plain-verify-token", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("\"meta_verify_token\"", rows, StringComparison.Ordinal);
        Assert.Contains("\"meta_verify_token_hash\"", rows, StringComparison.Ordinal);
        using var reader = await ReaderAsync(database);
        var tenancy = reader.Services.GetRequiredService<ITenancyReader>();
        // Each salt is its own: the same token would hash differently on each channel.
        Assert.True(await tenancy.IsMetaVerifyTokenAsync("plain-verify-token-café", Ct));
        Assert.True(await tenancy.IsMetaVerifyTokenAsync("plain-verify-token-other", Ct));
        Assert.False(await tenancy.IsMetaVerifyTokenAsync("plain-verify-token", Ct));
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(Ct);
            await using var salts = new NpgsqlCommand("SELECT count(DISTINCT meta_verify_token_salt) FROM tenancy.channels WHERE length(meta_verify_token_salt) = 16", connection);
            Assert.Equal(2L, await salts.ExecuteScalarAsync(Ct));
        }
    }

    /// <summary>Every channel row as JSON text, every column included.</summary>
    static async Task<string> ChannelRowsAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT coalesce(string_agg(row_to_json(c)::text, E'\\n'), '') FROM tenancy.channels c");
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>What Ingest runs to answer the handshake: the tenancy reader on the same database.</summary>
    async Task<IHost> ReaderAsync(string database)
    {
        // A test host, like the AdminApp beside it, runs without a master key; production refuses that.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
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

    static Task NextChannelChange(IHost reader, string channelId)
    {
        var cache = reader.Services.GetRequiredService<TenancyCache>();
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnApplied(TenancyChanged change)
        {
            if (change.Entity == TenancyEntity.Channel && change.EntityId == channelId && applied.TrySetResult())
            {
                cache.ChangeApplied -= OnApplied;
            }
        }
        cache.ChangeApplied += OnApplied;
        return applied.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }
}
