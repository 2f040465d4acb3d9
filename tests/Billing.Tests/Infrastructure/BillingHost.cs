using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Billing.Api;
using Billing.Data;
using Billing.Ledger;
using Billing.Workspaces;
using Messaging.Tenancy.Members;
using Messaging.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Billing.Tests.Infrastructure;

/// <summary>
/// The real Billing service in memory, on a real PostgreSQL database. Disposing it and
/// creating another on the same database is a restart.
/// </summary>
public sealed class BillingHost : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    readonly BillingServers _servers;
    readonly Dictionary<string, string?> _settings;

    public BillingHost(BillingServers servers, ShiftedClock? clock = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _servers = servers;
        Clock = clock ?? new ShiftedClock();
        _settings = settings ?? [];
        ExtraServices = services;
    }

    public ShiftedClock Clock { get; }

    /// <summary>The workspaces Admin knows; <see cref="GrantAsync"/> creates its workspace there first.</summary>
    public AdminWorkspaces Workspaces { get; } = new();

    /// <summary>Memberships; clients act for <see cref="TestOperators.Owner"/>, who owns every workspace.</summary>
    public TestOperators Operators { get; } = new();

    Action<IServiceCollection>? ExtraServices { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:messaging", _servers.Postgres);
        builder.UseSetting("ConnectionStrings:redis", _servers.Redis);
        // The sweeper is driven by tests unless a test asks for it.
        builder.UseSetting("Billing:ExpirySweepInterval", "00:10:00");
        builder.UseSetting(TestServiceCaller.AcceptSetting.Key, TestServiceCaller.AcceptSetting.Value);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddHttpClient<TenancyWorkspaces>().ConfigurePrimaryHttpMessageHandler(Workspaces.CreateHandler);
            services.AddSingleton<IWorkspaceMembers>(Operators);
            ExtraServices?.Invoke(services);
        });
    }

    /// <summary>Clients call as a service of the deployment; a test that needs an anonymous one clears the header.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Authenticate().ActFor(TestOperators.Owner);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<BillingDbContext, Task<T>> query) =>
        InScopeAsync(sp => query(sp.GetRequiredService<BillingDbContext>()));

    public async Task<ReservationResponse> ReserveAsync(string workspaceId, string turnId, CancellationToken cancellationToken, HttpClient? client = null)
    {
        using var response = await (client ?? CreateClient()).PostAsJsonAsync("/api/credits/reservations", new ReserveRequest(workspaceId, turnId, null), Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ReservationResponse>(Json, cancellationToken))!;
    }

    public async Task<HttpResponseMessage> SettleAsync(string turnId, string action, CancellationToken cancellationToken, HttpClient? client = null) =>
        await (client ?? CreateClient()).PostAsync($"/api/credits/reservations/{turnId}/{action}", null, cancellationToken);

    public async Task<CreditChangeResponse> GrantAsync(string workspaceId, long credits, CancellationToken cancellationToken, string? key = null, HttpClient? client = null)
    {
        Workspaces.Create(workspaceId);
        using var response = await (client ?? CreateClient()).PostAsJsonAsync(
            $"/api/credits/workspaces/{workspaceId}/grants",
            new GrantRequest(credits, "tests", "test credits", key ?? Guid.NewGuid().ToString("N")),
            Json,
            cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreditChangeResponse>(Json, cancellationToken))!;
    }

    public async Task<BalanceView> BalanceAsync(string workspaceId, CancellationToken cancellationToken, HttpClient? client = null) =>
        (await (client ?? CreateClient()).GetFromJsonAsync<BalanceView>($"/api/credits/workspaces/{workspaceId}", Json, cancellationToken))!;

    /// <summary>Asserts the ledger explains the balance exactly, for every workspace, in one snapshot.</summary>
    public Task AssertLedgerMatchesBalancesAsync(CancellationToken cancellationToken) => DbAsync(async db =>
    {
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var sums = await db.LedgerEntries
            .GroupBy(e => e.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, Available = g.Sum(e => e.AvailableDelta), Reserved = g.Sum(e => e.ReservedDelta) })
            .ToDictionaryAsync(s => s.WorkspaceId, cancellationToken);
        var open = await db.Reservations
            .Where(r => r.State == ReservationState.Reserved)
            .GroupBy(r => r.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, Credits = g.Sum(r => r.Credits) })
            .ToDictionaryAsync(s => s.WorkspaceId, s => s.Credits, cancellationToken);
        foreach (var balance in await db.Balances.AsNoTracking().ToListAsync(cancellationToken))
        {
            var sum = sums.GetValueOrDefault(balance.WorkspaceId);
            Assert.Equal(sum?.Available ?? 0, balance.Available);
            Assert.Equal(sum?.Reserved ?? 0, balance.Reserved);
            Assert.Equal(open.GetValueOrDefault(balance.WorkspaceId), balance.Reserved);
        }
        return true;
    });
}
