using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Billing.Api;
using Billing.Data;
using Billing.Ledger;
using Billing.Tests.Infrastructure;
using Messaging.ServiceDefaults.Resilience;
using Messaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Tests.Api;

public sealed class RetriedReservationTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task A_reservation_whose_answer_times_out_and_is_retried_by_the_resilience_pipeline_reserves_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        var turn = Ids.Turn();
        await host.GrantAsync(workspace, 3, ct);
        // A cold first request on a loaded machine can outlast an attempt; warm the endpoint so only the lost answer times out.
        using (var warm = host.Server.CreateClient().Authenticate())
        {
            var warmWorkspace = Ids.Workspace();
            await host.GrantAsync(warmWorkspace, 1, ct);
            (await warm.PostAsync("/api/credits/reservations", new StringContent(
                JsonSerializer.Serialize(new ReserveRequest(warmWorkspace, Ids.Turn(), null), BillingHost.Json), Encoding.UTF8, "application/json"), ct)).EnsureSuccessStatusCode();
        }
        var lostAnswer = new FirstAnswerLost();
        await using var clients = ResilientClients(host, lostAnswer);
        var client = clients.GetRequiredService<IHttpClientFactory>().CreateClient("billing");

        using var response = await client.PostAsync("/api/credits/reservations", new StringContent(
            JsonSerializer.Serialize(new ReserveRequest(workspace, turn, null), BillingHost.Json), Encoding.UTF8, "application/json"), ct);

        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<ReservationResponse>(BillingHost.Json, ct);
        Assert.Equal(2, lostAnswer.Attempts);
        Assert.Equal(ReservationOutcome.AlreadyReserved, answer!.Outcome);
        var balance = await host.BalanceAsync(workspace, ct);
        Assert.Equal((2, 1), (balance.Available, balance.Reserved));
        Assert.Equal(1, await host.DbAsync(db => db.LedgerEntries.CountAsync(e => e.TurnId == turn && e.Kind == LedgerEntryKind.Reserve, ct)));
    }

    /// <summary>The standard pipeline of ServiceDefaults with a short attempt timeout, sending to the in-memory host.</summary>
    static ServiceProvider ResilientClients(BillingHost host, FirstAnswerLost lostAnswer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HttpResilience:AttemptTimeout"] = "00:00:02",
            ["HttpResilience:RetryBaseDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpResilienceOptions(configuration);
        var client = services.AddHttpClient("billing", http => http.BaseAddress = host.Server.BaseAddress).ConfigureHttpClient(http => http.Authenticate());
        client.AddStandardResilienceHandler();
        client.AddHttpMessageHandler(() => lostAnswer)
            .ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        return services.BuildServiceProvider();
    }

    /// <summary>Lets the first request reach Billing, then sits on its answer until the attempt times out.</summary>
    sealed class FirstAnswerLost : DelegatingHandler
    {
        int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _attempts) == 1)
            {
                response.Dispose();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return response;
        }
    }
}
