using System.Net;
using System.Net.Http.Json;
using System.Text;
using Billing.Api;
using Billing.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.AspNetCore.Mvc;

namespace Billing.Tests.Api;

public sealed class ValidationTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    BillingHost _host = null!;

    public async ValueTask InitializeAsync() => _host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_absurd_grant_is_refused_with_a_clear_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();

        using var response = await _host.CreateClient().PostAsJsonAsync($"/api/credits/workspaces/{workspace}/grants",
            new GrantRequest(5_000_000_000, "admin@example.com", "yearly plan", "k1"), BillingHost.Json, ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("typing mistake", problem.Errors["credits"][0], StringComparison.Ordinal);
        Assert.Equal(0, (await _host.BalanceAsync(workspace, ct)).Available);
    }

    [Fact]
    public async Task A_grant_to_a_workspace_that_does_not_exist_is_a_404_and_grants_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = Ids.Workspace();
        var existing = Ids.Workspace();
        _host.Workspaces.Create(existing);

        using var refused = await _host.CreateClient().PostAsJsonAsync($"/api/credits/workspaces/{missing}/grants",
            new GrantRequest(10, "admin@example.com", "welcome credits", "k-missing"), BillingHost.Json, ct);
        using var granted = await _host.CreateClient().PostAsJsonAsync($"/api/credits/workspaces/{existing}/grants",
            new GrantRequest(10, "admin@example.com", "welcome credits", "k-existing"), BillingHost.Json, ct);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains(missing, await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(0, (await _host.BalanceAsync(missing, ct)).Available);
        Assert.Equal(10, (await _host.BalanceAsync(existing, ct)).Available);
    }

    [Fact]
    public async Task A_grant_without_who_why_or_key_names_every_missing_field()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _host.CreateClient().PostAsJsonAsync($"/api/credits/workspaces/{Ids.Workspace()}/grants",
            new GrantRequest(10, null, " ", null), BillingHost.Json, ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["grantedBy", "idempotencyKey", "reason"], problem.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_reservation_with_a_bad_turn_id_or_credits_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _host.CreateClient().PostAsJsonAsync("/api/credits/reservations",
            new ReserveRequest(Ids.Workspace(), "turn with spaces", 0), BillingHost.Json, ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["credits", "turnId"], problem.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_not_a_crash()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _host.CreateClient().PostAsync("/api/credits/reservations",
            new StringContent("{\"workspaceId\": ", Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_adjustment_below_zero_is_refused_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Ids.Workspace();
        await _host.GrantAsync(workspace, 2, ct);

        using var response = await _host.CreateClient().PostAsJsonAsync($"/api/credits/workspaces/{workspace}/adjustments",
            new AdjustmentRequest(-3, "admin@example.com", "refund", "adj-1"), BillingHost.Json, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(2, (await _host.BalanceAsync(workspace, ct)).Available);
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _host.CreateClient().GetAsync($"/api/credits/workspaces/{Ids.Workspace()}/ledger?limit=5000", ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.Errors.ContainsKey("limit"));
    }

    static async Task<ValidationProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(TestContext.Current.CancellationToken))!;
    }
}
