using System.Collections.Concurrent;
using Agent.Conversations;
using Agent.Credits;
using Agent.Delivery;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Reading;
using Messaging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Agent.Tests.Infrastructure;

/// <summary>
/// The Agent service for the test assembly, on a real PostgreSQL and redis-server, with
/// tenancy, Billing, Admin and the provider replaced by in-memory fakes. Tests isolate
/// themselves by using a workspace and channel of their own.
/// </summary>
public sealed class AgentHost : IAsyncLifetime
{
    readonly PostgresFixture _postgres = new();
    readonly RedisFixture _redis = new();
    WebApplication? _app;

    public FakeTenancy Tenancy { get; } = new();
    public FakeProvider Provider { get; } = new();
    public FakeBilling Billing { get; } = new();
    public FakeAdmin Admin { get; } = new();
    public TurnCompletedLog Completed { get; } = new();

    public IServiceProvider Services => _app!.Services;
    public HttpClient Http { get; private set; } = null!;
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>Another, empty database on the same server, for tests of the schema itself.</summary>
    public Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken) => _postgres.CreateDatabaseAsync(prefix, cancellationToken);

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _redis.InitializeAsync();
        DatabaseConnectionString = await _postgres.CreateDatabaseAsync("agent_tests");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = DatabaseConnectionString,
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Agent:SchedulerPollInterval"] = "00:00:00.050",
            ["Agent:RetryBaseDelay"] = "00:00:00.050",
            ["Agent:MaxRetryDelay"] = "00:00:00.200",
            ["Agent:StalledTurnAfter"] = "00:00:02",
            ["Agent:StalledTurnSweepInterval"] = "00:00:01",
            ["Streams:Consumer:ReadBlock"] = "00:00:00.500",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddAgent();
        // A LIMIT without ORDER BY picks arbitrary rows: fail the test that runs such a query.
        builder.Services.ConfigureDbContext<AgentDbContext>(options =>
            options.ConfigureWarnings(warnings => warnings.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning)));
        builder.Services.AddSingleton<ITenancyReader>(Tenancy);
        builder.Services.AddHttpClient(ChannelSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(Provider.CreateHandler);
        builder.Services.AddHttpClient<CreditsClient>().ConfigurePrimaryHttpMessageHandler(Billing.CreateHandler);
        builder.Services.AddHttpClient<ChannelHealthReporter>().ConfigurePrimaryHttpMessageHandler(Admin.CreateHandler);
        builder.Services.AddHttpClient<Agent.Ai.Safety.PersonaReviewer>().ConfigurePrimaryHttpMessageHandler(Admin.CreateHandler);
        builder.Services.AddSingleton(Completed);
        builder.AddStreamsBus().AddConsumer<TurnCompleted, TurnCompletedLog.Handler>(StreamNames.TurnCompleted, "agent-tests");

        _app = builder.Build();
        _app.MapAgent();
        await _app.StartAsync();
        Http = _app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    public Task PublishAsync<TEvent>(string stream, TEvent @event) where TEvent : IIntegrationEvent =>
        Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, @event, TestContext.Current.CancellationToken);

    public AgentDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(DatabaseConnectionString).Options);

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();
}

/// <summary>turn:completed as Billing would receive it.</summary>
public sealed class TurnCompletedLog
{
    readonly ConcurrentDictionary<string, TurnCompleted> _events = new();

    public TurnCompleted? Find(string turnId) => _events.GetValueOrDefault(turnId);

    public sealed class Handler(TurnCompletedLog log) : IEventHandler<TurnCompleted>
    {
        public Task HandleAsync(TurnCompleted @event, EventContext context, CancellationToken cancellationToken)
        {
            log._events[@event.TurnId] = @event;
            return Task.CompletedTask;
        }
    }
}
