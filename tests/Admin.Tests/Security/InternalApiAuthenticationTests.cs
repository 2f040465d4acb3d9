using System.Net;
using System.Net.Http.Headers;
using Admin.Tests.Tenancy;
using Messaging.Testing;
using Microsoft.AspNetCore.Http;

namespace Admin.Tests.Security;

/// <summary>The tenancy API answers only services of the deployment: anyone else is refused and changes nothing.</summary>
public sealed class InternalApiAuthenticationTests(PostgresFixture postgres, RedisFixture redis)
{
    [Fact]
    public async Task Every_mutating_endpoint_refuses_a_caller_without_a_valid_service_credential()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await AdminApp.StartAsync(postgres, redis);
        var workspace = await app.CreateWorkspaceAsync("guarded");
        var before = await app.Client.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), ct);
        var requests = InternalEndpoints.MutatingRequests(app.Services, path => path.StartsWith("/admin", StringComparison.Ordinal) || path.StartsWith("/forms", StringComparison.Ordinal));
        Assert.NotEmpty(requests);

        using var anonymous = app.CreateAnonymousClient();
        foreach (var (method, path) in requests.Append((HttpMethods.Post, "/api/tenancy/workspaces")).Append((HttpMethods.Put, $"/api/tenancy/workspaces/{workspace}")))
        {
            foreach (var credential in new AuthenticationHeaderValue?[] { null, new("Service", "tests:wrong-credential"), new("Service", "nobody:x"), new("Bearer", "tests") })
            {
                using var request = InternalEndpoints.Request(method, path);
                request.Headers.Authorization = credential;
                using var response = await anonymous.SendAsync(request, ct);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{credential}' answered {(int)response.StatusCode}");
            }
        }

        Assert.Equal(before, await app.Client.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), ct));
    }
}
