using Messaging.Contracts.Operators;
using System.Net;
using System.Text.Json;

namespace Admin.Conversations;

/// <summary>The Agent's operator API (<c>http://agent/api/agent/conversations</c>), for the console's conversation pages.</summary>
public sealed class AgentClient(HttpClient http)
{
    const string Conversations = "/api/agent/conversations";

    /// <summary>What the Agent answered to an operator action: null when it was done, else its explanation.</summary>
    public sealed record Refusal(HttpStatusCode Status, string Message);

    /// <summary><paramref name="show"/>: null for every conversation, else <see cref="ConversationShow.Unanswered"/> or <see cref="ConversationShow.OptedOut"/>.</summary>
    public async Task<ConversationPage> ListAsync(Guid workspaceId, string? state, string? search, string? channelId, string? show, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        var query = $"?workspaceId={workspaceId}&limit={limit}";
        query += show switch
        {
            ConversationShow.Unanswered => "&unanswered=true",
            ConversationShow.OptedOut => "&optedOut=true",
            _ => "",
        };
        if (!string.IsNullOrEmpty(state))
        {
            query += "&state=" + Uri.EscapeDataString(state);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            query += "&search=" + Uri.EscapeDataString(search.Trim());
        }
        if (!string.IsNullOrEmpty(channelId))
        {
            query += "&channelId=" + Uri.EscapeDataString(channelId);
        }
        if (before is { } b)
        {
            query += "&before=" + Uri.EscapeDataString(b.ToString("O"));
        }
        return (await http.GetFromJsonAsync<ConversationPage>(Conversations + query, cancellationToken))!;
    }

    /// <summary>The conversation when it exists and belongs to the workspace; null otherwise, so another workspace's id is a 404.</summary>
    public async Task<ConversationSummary?> FindAsync(Guid workspaceId, Guid conversationId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{Conversations}/{conversationId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var conversation = await response.Content.ReadFromJsonAsync<ConversationSummary>(cancellationToken);
        return conversation?.WorkspaceId == workspaceId.ToString() ? conversation : null;
    }

    public async Task<TranscriptPage> MessagesAsync(Guid conversationId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<TranscriptPage>($"{Conversations}/{conversationId}/messages?limit=200", cancellationToken))!;

    public async Task<IReadOnlyList<TurnView>> TurnsAsync(Guid conversationId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<List<TurnView>>($"{Conversations}/{conversationId}/turns?limit=50", cancellationToken))!;

    public async Task<IReadOnlyList<FailedMessageView>> FailuresAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<List<FailedMessageView>>($"/api/agent/failures?workspaceId={workspaceId}&limit=50", cancellationToken))!;

    /// <summary>Which saved rule of the channel would answer <paramref name="text"/>; null when the channel has no configuration the Agent knows of yet.</summary>
    public async Task<RuleTrialView?> TryRulesAsync(Guid channelId, string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/agent/rules/try", new { channelId, text }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RuleTrialView>(cancellationToken);
    }

    /// <summary>
    /// Starts the conversation of a lead from a public form; the first message goes out as the approved template.
    /// The visitor's consent is a fresh opt-in: a number that had opted out is subscribed again, noted with the form's slug.
    /// </summary>
    public Task<Refusal?> StartLeadAsync(Guid channelId, string phone, string name, string greeting, bool consent, string formSlug, CancellationToken cancellationToken) =>
        PostAsync("/api/agent/leads", new { channelId, phone, name, greeting, consent, formSlug }, cancellationToken);

    public Task<Refusal?> TakeOverAsync(Guid conversationId, string operatorName, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/takeover", new { @operator = operatorName }, cancellationToken);

    public Task<Refusal?> ReleaseAsync(Guid conversationId, string operatorName, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/release", new { @operator = operatorName }, cancellationToken);

    public Task<Refusal?> SendTemplateAsync(Guid conversationId, string operatorName, string name, string language, IReadOnlyList<string> parameters, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/templates", new { @operator = operatorName, name, language, parameters }, cancellationToken);

    public Task<Refusal?> CloseAsync(Guid conversationId, string operatorName, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/close", new { @operator = operatorName }, cancellationToken);

    public Task<Refusal?> ReopenAsync(Guid conversationId, string operatorName, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/reopen", new { @operator = operatorName }, cancellationToken);

    /// <summary>Answers the conversation's unanswered customer messages again, once the cause (credits, a channel, the persona) is fixed.</summary>
    public Task<Refusal?> RerunAsync(Guid conversationId, string operatorName, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/rerun", new { @operator = operatorName }, cancellationToken);

    public Task<Refusal?> ReplyAsync(Guid conversationId, string operatorName, string text, CancellationToken cancellationToken) =>
        PostAsync($"{Conversations}/{conversationId}/replies", new { @operator = operatorName, text }, cancellationToken);

    /// <summary>The workspace's reply policy: its fallback message and languages (the Agent's defaults when none was saved).</summary>
    public async Task<WorkspacePolicyView> PolicyAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<WorkspacePolicyView>($"/api/agent/workspaces/{workspaceId}/policy", cancellationToken))!;

    /// <summary>Saves the reply policy; the Agent validates it and its refusal names what is wrong.</summary>
    public Task<Refusal?> SavePolicyAsync(Guid workspaceId, string? fallbackMessage, IReadOnlyList<string> languages, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/api/agent/workspaces/{workspaceId}/policy", new WorkspacePolicyRequest(fallbackMessage, languages), cancellationToken);

    Task<Refusal?> PostAsync(string path, object body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    async Task<Refusal?> SendAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }
        return new Refusal(response.StatusCode, await ExplainAsync(response, cancellationToken));
    }

    /// <summary>The problem details' detail, or each field's errors, as one sentence for the operator.</summary>
    static async Task<string> ExplainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                return string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString())));
            }
            if (root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
        }
        return $"The agent answered {(int)response.StatusCode}.";
    }
}
