using System.Net;
using System.Net.Http.Headers;
using Agent.Tests.Infrastructure;
using Messaging.Testing;

namespace Agent.Tests.Security;

/// <summary>The operator API answers only services of the deployment (the Admin console): anyone else is refused.</summary>
public sealed class InternalApiAuthenticationTests(AgentHost host)
{
    [Fact]
    public async Task Every_mutating_endpoint_refuses_a_caller_without_a_valid_service_credential()
    {
        var ct = TestContext.Current.CancellationToken;
        var requests = InternalEndpoints.MutatingRequests(host.Services);
        Assert.NotEmpty(requests);

        foreach (var (method, path) in requests)
        {
            foreach (var credential in new AuthenticationHeaderValue?[] { null, new("Service", "tests:wrong-credential") })
            {
                using var request = InternalEndpoints.Request(method, path);
                request.Headers.Authorization = credential ?? new AuthenticationHeaderValue("Service", "");
                using var response = await host.Http.SendAsync(request, ct);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{credential}' answered {(int)response.StatusCode}");
            }
        }
    }
}
