using System.Net;
using System.Net.Http.Json;
using Agent.Conversations;
using Agent.Tests.Infrastructure;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Messaging.Tenancy.Model;
using Messaging.Testing;

namespace Agent.Tests.Security;

/// <summary>
/// The Agent authorizes every operator action itself, for the operator Admin names: a valid
/// service credential acting for another workspace's operator, or for nobody, is refused and
/// changes nothing.
/// </summary>
public sealed class OperatorAuthorizationTests(AgentHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The public lead form's call: Admin's own, for a visitor who is nobody's operator.</summary>
    const string ServiceEndpoint = "/api/agent/leads";

    [Fact]
    public async Task Every_mutating_operator_endpoint_refuses_another_workspaces_operator_and_changes_nothing()
    {
        var template = new MessageTemplate("t-follow-up", "follow_up", "en", TemplateCategory.Utility, "Hello {{1}}, are you still interested?", TemplateStatus.Approved, null);
        var scenario = Scenario.Create(host, FakeTenancy.Workspace([], templates: [template]));
        await scenario.SendAsync("hello");
        await scenario.WaitForSendsAsync(1);
        var conversation = await scenario.ConversationAsync();
        var elsewhere = FakeTenancy.Workspace([]);
        host.Tenancy.Save(elsewhere);
        var stranger = host.Operators.Add(elsewhere.Id, WorkspaceRoles.Owner);
        var colleague = host.Operators.Add(scenario.WorkspaceId, WorkspaceRoles.Operator);
        // Bodies that the endpoint would accept from a member, so only the operator check stands in the way.
        var bodies = new Dictionary<string, object>
        {
            ["takeover"] = new { @operator = "Mallory" },
            ["release"] = new { @operator = "Mallory" },
            ["close"] = new { @operator = "Mallory" },
            ["reopen"] = new { @operator = "Mallory" },
            ["rerun"] = new { @operator = "Mallory" },
            ["replies"] = new { @operator = "Mallory", text = "Mallory's reply" },
            ["templates"] = new { @operator = "Mallory", name = template.Name, language = template.Language, parameters = new[] { "Mallory" } },
            ["try"] = new { channelId = scenario.ChannelId, text = "hello" },
            ["policy"] = new { fallbackMessage = "Mallory's fallback", languages = new[] { "en" } },
        };
        var routeValues = new Dictionary<string, string> { ["conversationId"] = conversation.Id.ToString(), ["workspaceId"] = scenario.WorkspaceId };
        var requests = InternalEndpoints.MutatingRequests(host.Services, path => path == ServiceEndpoint, routeValues);
        var handlingBefore = await HandlingAsync(conversation.Id);
        var policyBefore = await host.Http.GetStringAsync(new Uri($"/api/agent/workspaces/{scenario.WorkspaceId}/policy", UriKind.Relative), Ct);

        using var strangers = host.CreateClient(stranger);
        using var colleagues = host.CreateClient(colleague);
        using var nobody = host.CreateClient(operatorId: null);
        foreach (var (method, path) in requests)
        {
            var action = path.TrimEnd('/').Split('/')[^1];
            Assert.True(bodies.TryGetValue(action, out var body), $"{method} {path} is new: give it a body here, or list it as a service endpoint");
            await AssertRefusedAsync(strangers, method, path, body, HttpStatusCode.NotFound);
            await AssertRefusedAsync(nobody, method, path, body, HttpStatusCode.Forbidden);
            if (action == "policy")
            {
                // A setting: an operator of the workspace itself may not change it either; only owners may.
                await AssertRefusedAsync(colleagues, method, path, body, HttpStatusCode.Forbidden);
            }
        }

        Assert.Equal(handlingBefore, await HandlingAsync(conversation.Id));
        Assert.Equal(policyBefore, await host.Http.GetStringAsync(new Uri($"/api/agent/workspaces/{scenario.WorkspaceId}/policy", UriKind.Relative), Ct));
        // The conversation's sends go out in order: once a member's reply is sent, a refused one that had slipped through would have been sent first.
        using (var reply = await colleagues.PostAsJsonAsync($"/api/agent/conversations/{conversation.Id}/replies", new { @operator = "Grace", text = "Grace's reply" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        }
        var sends = await scenario.WaitForSendsAsync(2);
        Assert.Equal(["Grace's reply"], sends.Skip(1).Select(s => s.Text));
        Assert.Equal(ConversationStates.Bot, (await scenario.ConversationAsync()).State);
    }

    /// <summary>What the operator actions change: who handles the conversation, and why.</summary>
    async Task<(string State, string? AssignedOperator, string? HandoffReason)> HandlingAsync(Guid conversationId)
    {
        var summary = (await host.Http.GetFromJsonAsync<ConversationSummary>($"/api/agent/conversations/{conversationId}", Ct))!;
        return (summary.State, summary.AssignedOperator, summary.HandoffReason);
    }

    static async Task AssertRefusedAsync(HttpClient client, string method, string path, object body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path} as {(client.DefaultRequestHeaders.TryGetValues(OperatorHeader.Name, out var who) ? who.Single() : "nobody")} answered {(int)response.StatusCode}, not {(int)expected}");
    }
}
