using System.Text.Json;
using Messaging.Testing;
using Messaging.Tenancy.Reading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Ingest.Tests.Infrastructure;

/// <summary>
/// The Ingest service for the test assembly on a real redis-server and PostgreSQL, with tenant
/// configuration held in memory: each test registers channels of its own.
/// </summary>
public sealed class IngestHost : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://hooks.example.com";

    readonly PostgresFixture _postgres = new();
    readonly RedisFixture _redis = new();
    WebApplication? _app;
    ConnectionMultiplexer? _redisClient;

    public InMemoryTenancy Tenancy { get; } = new();
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _redis.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync("ingest_tests");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = database,
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Ingest:PublicBaseUrl"] = PublicBaseUrl,
            ["Ingest:SpoolDirectory"] = TestDirectories.Create("ingest-spool"),
            ["Ingest:MaxBodyBytes"] = "65536",
        });
        builder.AddIngest();
        builder.Services.AddSingleton<ITenancyReader>(Tenancy);
        _app = builder.Build();
        _app.MapIngest();
        await _app.StartAsync();
        Http = _app.GetTestClient();
        _redisClient = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
    }

    /// <summary>The payloads of the events on <paramref name="stream"/> for one channel, in stream order.</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync(string stream, string channelId)
    {
        var entries = await _redisClient!.GetDatabase().StreamRangeAsync(stream);
        return
        [
            .. entries
                .Select(e => JsonDocument.Parse((byte[])e["payload"]!).RootElement.Clone())
                .Where(p => p.GetProperty("channelId").GetString() == channelId),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _redisClient?.Dispose();
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
