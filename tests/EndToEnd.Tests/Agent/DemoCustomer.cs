using System.Net.Http.Json;
using System.Text.Json;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Agent;

/// <summary>A customer of a demo business who writes through the Sandbox's phone simulator; the replies are the texts the Sandbox accepted for them.</summary>
public sealed class DemoCustomer(RunningApp running, string business, string phone)
{
    public string Phone => phone;

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

    /// <summary>The turns of the customer's conversation, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> TurnsAsync()
    {
        if (await FindAsync() is not { } found)
        {
            return [];
        }
        var turns = JsonDocument.Parse(await found.Agent.GetStringAsync(new Uri($"/api/agent/conversations/{found.Conversation.GetProperty("id").GetString()}/turns", UriKind.Relative), Ct)).RootElement;
        return [.. turns.EnumerateArray().OrderBy(t => t.GetProperty("receivedAt").GetDateTimeOffset())];
    }

    /// <summary>The customer's conversation as the operator API shows it (state, hand-off reason, contact, unanswered reason).</summary>
    public async Task<JsonElement> ConversationAsync()
    {
        var found = await FindAsync() ?? throw new InvalidOperationException($"No conversation of {phone} yet.");
        return JsonDocument.Parse(await found.Agent.GetStringAsync(new Uri($"/api/agent/conversations/{found.Conversation.GetProperty("id").GetString()}", UriKind.Relative), Ct)).RootElement;
    }

    /// <summary>The messages of the customer's conversation as operators see them, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        var found = await FindAsync() ?? throw new InvalidOperationException($"No conversation of {phone} yet.");
        var messages = JsonDocument.Parse(await found.Agent.GetStringAsync(new Uri($"/api/agent/conversations/{found.Conversation.GetProperty("id").GetString()}/messages", UriKind.Relative), Ct)).RootElement;
        return [.. (messages.ValueKind == JsonValueKind.Array ? messages : messages.GetProperty("messages")).EnumerateArray()];
    }

    /// <summary>The workspace the customer's conversation belongs to, and the Agent's operator client for it.</summary>
    public async Task<(string WorkspaceId, HttpClient Agent)> WorkspaceAsync()
    {
        var found = await FindAsync() ?? throw new InvalidOperationException($"No conversation of {phone} yet.");
        return (found.WorkspaceId, found.Agent);
    }

    async Task<(string WorkspaceId, HttpClient Agent, JsonElement Conversation)?> FindAsync()
    {
        foreach (var workspace in await Workspaces())
        {
            if (!_agents.TryGetValue(workspace, out var agent))
            {
                _agents[workspace] = agent = await running.App.CreateOperatorClientAsync("agent", workspace, Ct);
            }
            var page = JsonDocument.Parse(await agent.GetStringAsync(new Uri($"/api/agent/conversations?workspaceId={workspace}&search={Uri.EscapeDataString(phone.TrimStart('+'))}", UriKind.Relative), Ct)).RootElement;
            if (page.GetProperty("conversations").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } conversation)
            {
                return (workspace, agent, conversation);
            }
        }
        return null;
    }

    async Task<IReadOnlyList<string>> Workspaces()
    {
        using var admin = running.App.CreateHttpClient("admin");
        var list = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/tenancy/workspaces", UriKind.Relative), Ct)).RootElement;
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        return [.. items.EnumerateArray().Select(w => w.GetProperty("id").GetString()!)];
    }
}
