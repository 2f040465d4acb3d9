using System.Net.Http.Json;
using System.Text.Json;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Agent;

/// <summary>A customer of a demo business who writes through the Sandbox's phone simulator; the replies are the texts the Sandbox accepted for them.</summary>
public sealed class DemoCustomer(RunningApp running, string business, string phone)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    readonly HttpClient _sandbox = running.App.CreateHttpClient("sandbox");
    // The Agent answers a workspace's reads only for a member of it: one operator's client per workspace.
    readonly Dictionary<string, HttpClient> _agents = [];

    public async Task SaysAsync(string text)
    {
        using var response = await _sandbox.PostAsJsonAsync("/sandbox/api/simulate/meta", new { business, customer = phone, customerName = "Ana", text }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public async Task<IReadOnlyList<string>> RepliesAsync()
    {
        var calls = JsonDocument.Parse(await _sandbox.GetStringAsync(new Uri($"/sandbox/api/calls?provider=meta&kind=send&phone={Uri.EscapeDataString(phone)}", UriKind.Relative), Ct)).RootElement;
        var items = calls.ValueKind == JsonValueKind.Array ? calls : calls.GetProperty("calls");
        return [.. items.EnumerateArray()
            .Where(c => c.GetProperty("responseStatus").GetInt32() == 200)
            .Select(c => JsonDocument.Parse(c.GetProperty("requestBody").GetString()!).RootElement)
            .Where(body => body.GetProperty("type").GetString() == "text")
            .Select(body => body.GetProperty("text").GetProperty("body").GetString()!)];
    }

    public Task<IReadOnlyList<string>> WaitForRepliesAsync(int count) =>
        Eventually.ReturnsAsync(RepliesAsync, replies => replies.Count >= count, $"{count} replies from {business}", TimeSpan.FromSeconds(60));

    /// <summary>Waits until the customer's conversation has <paramref name="count"/> turns that are completed or joined into another.</summary>
    public Task<IReadOnlyList<JsonElement>> WaitForTurnsAsync(int count) =>
        Eventually.ReturnsAsync(TurnsAsync,
            turns => turns.Count >= count && turns.All(t => t.GetProperty("state").GetString() is "completed" or "joined"),
            $"{count} turns done", TimeSpan.FromSeconds(60));

    async Task<IReadOnlyList<JsonElement>> TurnsAsync()
    {
        var workspaces = await Workspaces();
        foreach (var workspace in workspaces)
        {
            if (!_agents.TryGetValue(workspace, out var agent))
            {
                _agents[workspace] = agent = await running.App.CreateOperatorClientAsync("agent", workspace, Ct);
            }
            var page = JsonDocument.Parse(await agent.GetStringAsync(new Uri($"/api/agent/conversations?workspaceId={workspace}&search={Uri.EscapeDataString(phone.TrimStart('+'))}", UriKind.Relative), Ct)).RootElement;
            if (page.GetProperty("conversations").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } conversation)
            {
                var turns = JsonDocument.Parse(await agent.GetStringAsync(new Uri($"/api/agent/conversations/{conversation.GetProperty("id").GetString()}/turns", UriKind.Relative), Ct)).RootElement;
                return [.. turns.EnumerateArray()];
            }
        }
        return [];
    }

    async Task<IReadOnlyList<string>> Workspaces()
    {
        using var admin = running.App.CreateHttpClient("admin");
        var list = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), Ct)).RootElement;
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        return [.. items.EnumerateArray().Select(w => w.GetProperty("id").GetString()!)];
    }
}
