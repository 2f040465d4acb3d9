using System.Net;
using System.Net.Http.Json;
using Billing.Tests.Infrastructure;
using Messaging.Contracts.Operators;
using Messaging.ServiceDefaults.Authentication;
using Messaging.Tenancy.Members;
using Messaging.Testing;

namespace Billing.Tests.Security;

/// <summary>
/// Billing authorizes every change to a workspace's credits itself, for the operator Admin names:
/// only an owner of that workspace; a valid service credential acting for anyone else, or for
/// nobody, is refused and changes nothing; its members alone read it. The AppHost's demo seed
/// grants on its own.
/// </summary>
public sealed class OperatorAuthorizationTests(PostgresFixture postgres, RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    const string AppHostCredential = "apphost-test-credential-91c3";

    [Fact]
    public async Task Every_credits_change_refuses_anyone_but_an_owner_of_the_workspace_and_changes_nothing()
    {
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis),
            settings: new() { [$"{ServiceAuthOptions.SectionName}:Callers:{ServiceCredential.AppHostCaller}:0"] = ServiceCredential.Hash(AppHostCredential) });
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 5, Ct);
        var elsewhere = Ids.Workspace();
        host.Workspaces.Create(elsewhere);
        var stranger = host.Operators.Add(elsewhere, WorkspaceRoles.Owner);
        var colleague = host.Operators.Add(workspace, WorkspaceRoles.Operator);
        var bodies = new Dictionary<string, Func<object>>
        {
            ["grants"] = () => new { credits = 1000, grantedBy = "Mallory", reason = "free credits", idempotencyKey = Guid.NewGuid().ToString("N") },
            ["adjustments"] = () => new { credits = -5, adjustedBy = "Mallory", reason = "take them all", idempotencyKey = Guid.NewGuid().ToString("N") },
            ["low-threshold"] = () => new { threshold = 4 },
        };
        // Reservations are the Agent's own calls for a turn, not an operator's.
        var requests = InternalEndpoints.MutatingRequests(host.Services, path => path.StartsWith("/api/credits/reservations", StringComparison.Ordinal),
            new Dictionary<string, string> { ["workspaceId"] = workspace });
        var before = await host.BalanceAsync(workspace, Ct);

        using var strangers = host.CreateClient().ActFor(stranger);
        using var colleagues = host.CreateClient().ActFor(colleague);
        using var nobody = host.CreateClient();
        nobody.DefaultRequestHeaders.Remove(OperatorHeader.Name);
        using var appHostForStranger = AppHost(host.CreateClient()).ActFor(stranger);
        foreach (var (method, path) in requests)
        {
            var action = path.TrimEnd('/').Split('/')[^1];
            Assert.True(bodies.TryGetValue(action, out var body), $"{method} {path} is new: give it a body here, or list it as a service endpoint");
            await AssertRefusedAsync(strangers, method, path, body(), HttpStatusCode.NotFound);
            await AssertRefusedAsync(appHostForStranger, method, path, body(), HttpStatusCode.NotFound);
            await AssertRefusedAsync(colleagues, method, path, body(), HttpStatusCode.Forbidden);
            await AssertRefusedAsync(nobody, method, path, body(), HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await host.BalanceAsync(workspace, Ct));
    }

    [Fact]
    public async Task Every_credits_read_is_for_a_member_of_the_workspace_only_and_leaks_nothing()
    {
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 4711, Ct);
        var elsewhere = Ids.Workspace();
        host.Workspaces.Create(elsewhere);
        var stranger = host.Operators.Add(elsewhere, WorkspaceRoles.Owner);
        var colleague = host.Operators.Add(workspace, WorkspaceRoles.Operator);
        var requests = InternalEndpoints.ReadRequests(host.Services, path => path.StartsWith("/api/credits/reservations", StringComparison.Ordinal),
            new Dictionary<string, string> { ["workspaceId"] = workspace });
        Assert.NotEmpty(requests);

        using var anonymous = host.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        anonymous.DefaultRequestHeaders.Remove(OperatorHeader.Name);
        using var nobody = host.CreateClient();
        nobody.DefaultRequestHeaders.Remove(OperatorHeader.Name);
        using var strangers = host.CreateClient().ActFor(stranger);
        using var colleagues = host.CreateClient().ActFor(colleague);
        foreach (var (_, path) in requests)
        {
            Assert.True(path.Contains(workspace, StringComparison.Ordinal), $"GET {path} is new: say here how it names its workspace, or list it as a service endpoint");
            foreach (var (client, expected) in new[] { (anonymous, HttpStatusCode.Unauthorized), (nobody, HttpStatusCode.Forbidden), (strangers, HttpStatusCode.NotFound) })
            {
                using var refused = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
                Assert.True(refused.StatusCode == expected, $"GET {path} as {client.DefaultRequestHeaders.Authorization} / {(client.DefaultRequestHeaders.TryGetValues(OperatorHeader.Name, out var who) ? who.Single() : "nobody")} answered {(int)refused.StatusCode}, not {(int)expected}");
                Assert.DoesNotContain("4711", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
            // A member of the workspace reads it: the refusals above are the operator check's.
            using var read = await colleagues.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {path} as a member answered {(int)read.StatusCode}");
            Assert.Contains("4711", await read.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_demo_seed_grants_as_the_apphost_naming_no_operator()
    {
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis),
            settings: new() { [$"{ServiceAuthOptions.SectionName}:Callers:{ServiceCredential.AppHostCaller}:0"] = ServiceCredential.Hash(AppHostCredential) });
        var workspace = Ids.Workspace();
        host.Workspaces.Create(workspace);
        using var appHost = AppHost(host.CreateClient());

        using var grant = await appHost.PostAsJsonAsync($"/api/credits/workspaces/{workspace}/grants",
            new { credits = 50, grantedBy = "demo", reason = "demo credits", idempotencyKey = "demo-seed" }, Ct);

        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        Assert.Equal(50, (await host.BalanceAsync(workspace, Ct)).Available);
    }

    static HttpClient AppHost(HttpClient client)
    {
        client.DefaultRequestHeaders.Remove(OperatorHeader.Name);
        client.DefaultRequestHeaders.Authorization = ServiceCredential.Header(ServiceCredential.AppHostCaller, AppHostCredential);
        return client;
    }

    static async Task AssertRefusedAsync(HttpClient client, string method, string path, object body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path} as {client.DefaultRequestHeaders.Authorization} / {(client.DefaultRequestHeaders.TryGetValues(OperatorHeader.Name, out var who) ? who.Single() : "nobody")} answered {(int)response.StatusCode}, not {(int)expected}");
    }
}
