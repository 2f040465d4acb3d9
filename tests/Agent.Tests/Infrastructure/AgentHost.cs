using System.Collections.Concurrent;
using Agent.Conversations;
using Agent.Credits;
using Agent.Delivery;
using Messaging.Contracts;
using Messaging.ServiceDefaults.Authentication;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Members;
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
using StackExchange.Redis;

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
    public TestOperators Operators { get; } = new();

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
            // No sweep runs during a test unless the test calls it: every turn is started by its event.
            ["Agent:OverdueWindowSweepInterval"] = "01:00:00",
            ["Agent:MaxConcurrentTurns"] = "64",
            ["Agent:RetryBaseDelay"] = "00:00:00.050",
            ["Agent:MaxRetryDelay"] = "00:00:00.200",
            // Nor does the stalled-turn sweep find a turn of a running test: a turn only runs from its own event.
            ["Agent:StalledTurnAfter"] = "00:10:00",
            ["Agent:StalledTurnSweepInterval"] = "00:00:01",
            ["Streams:Consumer:ReadBlock"] = "00:00:00.500",
            [TestServiceCaller.AcceptSetting.Key] = TestServiceCaller.AcceptSetting.Value,
            // The fake provider's host and the scripted AI servers on loopback: tenant URLs this test deployment allows, as an operator would.
            ["Tenancy:TenantUrls:AllowHttp"] = "true",
            ["Tenancy:TenantUrls:AllowedHosts:0"] = "provider.test",
            ["Tenancy:TenantUrls:AllowedHosts:1"] = "127.0.0.1",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddAgent();
        // What the service defaults add in Program.cs and the operator API relies on.
        builder.AddServiceAuthentication();
        // A LIMIT without ORDER BY picks arbitrary rows: fail the test that runs such a query.
        builder.Services.ConfigureDbContext<AgentDbContext>(options =>
            options.ConfigureWarnings(warnings => warnings.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning)));
        builder.Services.AddSingleton<ITenancyReader>(Tenancy);
        builder.Services.AddSingleton<IWorkspaceMembers>(Operators);
        builder.Services.AddHttpClient(ChannelSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(Provider.CreateHandler);
        builder.Services.AddHttpClient<CreditsClient>().ConfigurePrimaryHttpMessageHandler(Billing.CreateHandler);
        builder.Services.AddHttpClient<ChannelHealthReporter>().ConfigurePrimaryHttpMessageHandler(Admin.CreateHandler);
        builder.Services.AddHttpClient<Agent.Ai.Safety.PersonaReviewer>().ConfigurePrimaryHttpMessageHandler(Admin.CreateHandler);
        builder.Services.AddSingleton(Completed);
        builder.AddStreamsBus()
            .AddConsumer<TurnCompleted, TurnCompletedLog.Handler>(StreamNames.TurnCompleted, "agent-tests")
            .AddConsumer<TurnReplyFailed, TurnCompletedLog.RevisionHandler>(StreamNames.TurnCompleted, "agent-tests");

        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapAgent();
        await _app.StartAsync();
        Http = _app.GetTestClient().Authenticate().ActFor(TestOperators.Owner);
    }

    /// <summary>A client of the operator API as a service of the deployment, acting for <paramref name="operatorId"/> or for no operator.</summary>
    public HttpClient CreateClient(Guid? operatorId)
    {
        var client = _app!.GetTestClient().Authenticate();
        return operatorId is { } id ? client.ActFor(id) : client;
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

    /// <summary>Appends an event as its producer would; the stream entry id is what <see cref="WaitUntilHandledAsync"/> waits for.</summary>
    public Task<string> PublishAsync<TEvent>(string stream, TEvent @event) where TEvent : IIntegrationEvent =>
        Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, @event, TestContext.Current.CancellationToken);

    /// <summary>
    /// Waits until <paramref name="group"/> has read entry <paramref name="entryId"/> and acknowledged
    /// it: its handler finished, so whatever it was going to do is done (a quiescence signal for
    /// assertions that something did not happen).
    /// </summary>
    public async Task WaitUntilHandledAsync(string stream, string group, string entryId)
    {
        var database = Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await Eventually.ReturnsAsync(async () =>
            {
                var info = (await database.StreamGroupInfoAsync(stream)).Single(g => g.Name == group);
                var pending = await database.StreamPendingMessagesAsync(stream, group, 1, RedisValue.Null, entryId, entryId);
                return (Read: CompareIds(info.LastDeliveredId ?? "0-0", entryId) >= 0, Pending: pending.Length > 0);
            },
            state => state.Read && !state.Pending,
            $"{group} handled entry {entryId} of {stream}");
    }

    /// <summary>
    /// Waits until <paramref name="group"/> has handled every entry <paramref name="stream"/> holds
    /// now: whatever was published before this call has had its effect (or proved to have none).
    /// </summary>
    public async Task WaitUntilAllHandledAsync(string stream, string group)
    {
        var database = Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        if (await database.KeyExistsAsync(stream))
        {
            await WaitUntilHandledAsync(stream, group, (await database.StreamInfoAsync(stream)).LastGeneratedId.ToString());
        }
    }

    static int CompareIds(string left, string right)
    {
        static (long Ms, long Seq) Parse(string id) => id.Split('-') is [var ms, var seq]
            ? (long.Parse(ms, System.Globalization.CultureInfo.InvariantCulture), long.Parse(seq, System.Globalization.CultureInfo.InvariantCulture))
            : (long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 0);
        return Parse(left).CompareTo(Parse(right));
    }

    public AgentDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(DatabaseConnectionString).Options);

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();
}

/// <summary>turn:completed as Billing would receive it.</summary>
public sealed class TurnCompletedLog
{
    readonly ConcurrentDictionary<string, TurnCompleted> _events = new();
    readonly ConcurrentQueue<TurnReplyFailed> _revisions = new();

    public TurnCompleted? Find(string turnId) => _events.GetValueOrDefault(turnId);

    /// <summary>Every <see cref="TurnReplyFailed"/> received for the turn, repeats included.</summary>
    public IReadOnlyList<TurnReplyFailed> Revisions(string turnId) => _revisions.Where(r => r.TurnId == turnId).ToList();

    public sealed class RevisionHandler(TurnCompletedLog log) : IEventHandler<TurnReplyFailed>
    {
        public Task HandleAsync(TurnReplyFailed @event, EventContext context, CancellationToken cancellationToken)
        {
            log._revisions.Enqueue(@event);
            return Task.CompletedTask;
        }
    }

    public sealed class Handler(TurnCompletedLog log) : IEventHandler<TurnCompleted>
    {
        public Task HandleAsync(TurnCompleted @event, EventContext context, CancellationToken cancellationToken)
        {
            log._events[@event.TurnId] = @event;
            return Task.CompletedTask;
        }
    }
}
