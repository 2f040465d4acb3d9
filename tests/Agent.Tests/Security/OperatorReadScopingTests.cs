using System.Net;
using Agent.Tests.Infrastructure;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Messaging.Testing;

namespace Agent.Tests.Security;

/// <summary>
/// The Agent scopes every operator read itself, for the operator Admin names, as it does the
/// actions: no credential is 401, no operator 403, another workspace's operator 404 with
/// nothing of the workspace in the answer; a member of the workspace reads it.
/// </summary>
public sealed class OperatorReadScopingTests(AgentHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    const string Secret = "my order number is 4711-secret";

    [Fact]
    public async Task Every_operator_read_refuses_another_workspaces_operator_and_leaks_nothing()
    {
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([]));
        await scenario.SendAsync(Secret);
        await scenario.WaitForSendsAsync(1);
        var conversation = await scenario.ConversationAsync();
        var elsewhere = FakeTenancy.Workspace([]);
        host.Tenancy.Save(elsewhere);
        var stranger = host.Operators.Add(elsewhere.Id, WorkspaceRoles.Owner);
        var colleague = host.Operators.Add(scenario.WorkspaceId, WorkspaceRoles.Operator);
        var workspaceQuery = $"?workspaceId={scenario.WorkspaceId}";
        // The listings name their workspace in the query; the other reads in the route.
        var queries = new Dictionary<string, string>
        {
            ["/api/agent/failures"] = workspaceQuery,
            ["/api/agent/conversations"] = workspaceQuery,
            ["/api/agent/unanswered"] = workspaceQuery,
            ["/api/agent/leads"] = workspaceQuery,
        };
        var requests = InternalEndpoints.ReadRequests(host.Services,
            routeValues: new Dictionary<string, string> { ["conversationId"] = conversation.Id.ToString(), ["workspaceId"] = scenario.WorkspaceId });
        Assert.NotEmpty(requests);

        using var anonymous = host.CreateClient(operatorId: null);
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var nobody = host.CreateClient(operatorId: null);
        using var strangers = host.CreateClient(stranger);
        using var colleagues = host.CreateClient(colleague);
        foreach (var (_, route) in requests)
        {
            var path = route.TrimEnd('/');
            Assert.True(queries.ContainsKey(path) || path.Contains(conversation.Id.ToString(), StringComparison.Ordinal) || path.Contains(scenario.WorkspaceId, StringComparison.Ordinal),
                $"GET {path} is new: say here how it names its workspace");
            var url = path + queries.GetValueOrDefault(path, "");
            await AssertAnswersAsync(anonymous, url, HttpStatusCode.Unauthorized, scenario);
            await AssertAnswersAsync(nobody, url, HttpStatusCode.Forbidden, scenario);
            await AssertAnswersAsync(strangers, url, HttpStatusCode.NotFound, scenario);
            // The same request from a member is answered: the refusals above are the operator check's.
            using var read = await colleagues.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {url} as a member answered {(int)read.StatusCode}");
        }
    }

    [Fact]
    public async Task A_listing_naming_no_workspace_is_a_bad_request()
    {
        using var response = await host.Http.GetAsync(new Uri("/api/agent/conversations", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workspaceId is required", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    static async Task AssertAnswersAsync(HttpClient client, string url, HttpStatusCode expected, Scenario scenario)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var who = client.DefaultRequestHeaders.TryGetValues(OperatorHeader.Name, out var names) ? names.Single() : "nobody";
        Assert.True(response.StatusCode == expected, $"GET {url} as {who} answered {(int)response.StatusCode}, not {(int)expected}");
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(scenario.Customer, body, StringComparison.Ordinal);
    }
}
