using System.Net;
using System.Net.Http.Headers;
using Billing.Tests.Infrastructure;
using Messaging.Testing;

namespace Billing.Tests.Security;

/// <summary>The credits API answers only services of the deployment: anyone else is refused and changes nothing.</summary>
public sealed class InternalApiAuthenticationTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task Every_mutating_endpoint_refuses_a_caller_without_a_valid_service_credential()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new BillingHost(await BillingDatabase.CreateAsync(postgres, redis));
        var workspace = Ids.Workspace();
        await host.GrantAsync(workspace, 5, ct);
        var requests = InternalEndpoints.MutatingRequests(host.Services);
        Assert.NotEmpty(requests);

        using var anonymous = host.CreateClient();
        foreach (var (method, path) in requests.Append(("POST", $"/api/credits/workspaces/{workspace}/grants")))
        {
            foreach (var credential in new AuthenticationHeaderValue?[] { null, new("Service", "tests:wrong-credential"), new("Service", "agent") })
            {
                using var request = InternalEndpoints.Request(method, path);
                anonymous.DefaultRequestHeaders.Authorization = credential;
                using var response = await anonymous.SendAsync(request, ct);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{credential}' answered {(int)response.StatusCode}");
            }
        }

        Assert.Equal(5, (await host.BalanceAsync(workspace, ct)).Available);
    }
}
