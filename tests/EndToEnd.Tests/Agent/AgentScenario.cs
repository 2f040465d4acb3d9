using System.Net.Http.Json;
using System.Text.Json;
using Agent.Tests.Ai;
using EndToEnd.Tests.Infrastructure;
using Messaging.Contracts.Operators;

namespace EndToEnd.Tests.Agent;

/// <summary>
/// A workspace of its own with a Meta channel on the Sandbox, a customer who writes through
/// the Sandbox's simulator (real signed webhooks through the gateway), and views of what the
/// Agent stored, sent and charged.
/// </summary>
public sealed class AgentScenario
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    readonly RunningApp _running;
    readonly HttpClient _admin;
    readonly HttpClient _sandbox;
    readonly HttpClient _agent;
    readonly HttpClient _billing;

    AgentScenario(RunningApp running, string workspaceId, string channelId, MetaAccount account)
    {
        _running = running;
        _admin = running.App.CreateHttpClient("admin");
        _sandbox = running.App.CreateHttpClient("sandbox");
        _agent = running.App.CreateHttpClient("agent");
        _billing = running.App.CreateHttpClient("billing");
        WorkspaceId = workspaceId;
        ChannelId = channelId;
        Account = account;
        Customer = "+3161" + Random.Shared.Next(1_000_000, 9_999_999);
    }

    public string WorkspaceId { get; }
    public string ChannelId { get; }
    public MetaAccount Account { get; }
    public string Customer { get; }

    public static object Canned(string id, string keyword, string text) =>
        new { id, label = id, matcher = new { type = "keyword", keywords = new[] { keyword }, mode = "whole_word" }, response = new { type = "canned", text } };

    public static object Ai(string id, string keyword, string prompt) =>
        new { id, label = id, matcher = new { type = "keyword", keywords = new[] { keyword }, mode = "whole_word" }, response = new { type = "ai", prompt } };

    public static object Semantic(string id, string description, double threshold, string prompt) =>
        new { id, label = id, matcher = new { type = "semantic", description, threshold }, response = new { type = "ai", prompt } };

    public static object AiDefault(string prompt = "Answer helpfully.") => new { id = "default", label = "default", response = new { type = "ai", prompt } };

    public static object CannedDefault(string text) => new { id = "default", label = "default", response = new { type = "canned", text } };

    public static async Task<AgentScenario> CreateAsync(
        RunningApp running, object[] rules, object defaultRule, ScriptedOpenAiServer? ai = null, int credits = 20,
        bool enabled = true, int waitSeconds = 0, string retention = "full")
    {
        var account = MetaAccount.CreateRandom();
        var workspace = await running.Admin.CreateWorkspaceAsync("Agent test", Ct);
        var channel = await running.Admin.CreateMetaChannelAsync(workspace, account, RunningApp.SandboxGraph, null, Ct);
        var scenario = new AgentScenario(running, workspace, channel, account);
        await scenario.SendAsync(scenario._sandbox, HttpMethod.Put, $"/sandbox/api/accounts/meta/{account.PhoneNumberId}",
            new { displayPhoneNumber = account.DisplayPhoneNumber, verifiedName = "Test business", accessToken = account.AccessToken, appSecret = account.AppSecret });
        await scenario.SendAsync(scenario._admin, HttpMethod.Put, $"/api/tenancy/channels/{channel}/reply-config",
            new { enabled, waitSeconds, rules, defaultRule });
        var persona = await scenario.SendAsync(scenario._admin, HttpMethod.Put, $"/api/tenancy/workspaces/{workspace}/persona",
            new { prompt = "You are the friendly assistant of a test business." });
        // The Agent's classifier may approve the new persona first: then this answers 412 and it is approved already.
        using (var approval = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/workspaces/{workspace}/persona/safety") { Content = JsonContent.Create(new { status = "approved", reason = "test" }) })
        {
            approval.Headers.TryAddWithoutValidation("If-Match", "\"" + persona.GetProperty("version").GetInt64() + "\"");
            using var approved = await scenario._admin.SendAsync(approval, Ct);
            Assert.True(approved.IsSuccessStatusCode
                || (approved.StatusCode == System.Net.HttpStatusCode.PreconditionFailed
                    && (await scenario.SendAsync(scenario._admin, HttpMethod.Get, $"/api/tenancy/workspaces/{workspace}/persona", null)).GetProperty("safetyStatus").GetString() == "approved"),
                $"approving the persona answered {(int)approved.StatusCode}");
        }
        const string followUp = "Hi {{1}}, thanks for your message! Reply to continue our conversation.";
        await scenario.SendAsync(scenario._admin, HttpMethod.Post, $"/api/tenancy/workspaces/{workspace}/templates", new
        {
            name = "follow_up", language = "en", category = "utility", status = "approved", body = followUp,
        });
        // Meta knows the approved template too (the Sandbox refuses a template it was not told about, with 132001, as Meta does).
        await scenario.SendAsync(scenario._sandbox, HttpMethod.Put, $"/sandbox/api/templates/meta/{account.PhoneNumberId}/follow_up/en",
            new { category = "utility", body = followUp });
        await scenario.SendAsync(scenario._admin, HttpMethod.Put, $"/api/tenancy/workspaces/{workspace}/ai-settings", ai is null
            ? new { mode = "offline" }
            : new { mode = "open_ai", endpoint = ai.BaseUri.ToString(), chatModel = ScriptedOpenAiServer.DefaultModel, apiKey = "sk-test" });
        if (retention != "full")
        {
            await scenario.SendAsync(scenario._admin, HttpMethod.Put, $"/api/tenancy/workspaces/{workspace}/retention", new { mode = retention, days = 30 },
                ifMatch: "\"" + (await scenario.SendAsync(scenario._admin, HttpMethod.Get, $"/api/tenancy/workspaces/{workspace}", null)).GetProperty("version").GetInt64() + "\"");
        }
        if (credits > 0)
        {
            await scenario.SendAsync(scenario._billing, HttpMethod.Post, $"/api/credits/workspaces/{workspace}/grants",
                new { credits, grantedBy = "test", reason = "test", idempotencyKey = "initial" });
        }
        await scenario.WaitUntilAgentKnowsAsync();
        return scenario;
    }

    /// <summary>Configuration reaches Ingest and Agent through tenancy:changed; wait until Ingest takes the channel's webhooks.</summary>
    async Task WaitUntilAgentKnowsAsync() =>
        await Eventually.ReturnsAsync(
            async () => (await _running.Gateway.GetAsync(new Uri($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={Account.VerifyToken}&hub.challenge=1", UriKind.Relative), Ct)).StatusCode,
            status => status == System.Net.HttpStatusCode.OK,
            "the channel is known",
            TimeSpan.FromSeconds(30));

    /// <summary>The customer writes; the Sandbox posts the signed webhook through the gateway.</summary>
    public async Task<string> CustomerSaysAsync(string text)
    {
        var result = await SendAsync(_sandbox, HttpMethod.Post, "/sandbox/api/simulate/meta",
            new { business = Account.PhoneNumberId, customer = Customer, customerName = "Ana", text });
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        return result.GetProperty("messageId").GetString()!;
    }

    /// <summary>The customer's message as Meta would deliver it long after it was written (Meta retries for days).</summary>
    public async Task CustomerSaidLongAgoAsync(string messageId, string text, DateTimeOffset sentAt)
    {
        var body = Ingest.Webhooks.MetaDelivery((Account.PhoneNumberId, Account.DisplayPhoneNumber, "Ana",
            [Ingest.Webhooks.MetaText(messageId, Customer.TrimStart('+'), "Ana", text, sentAt.ToUnixTimeSeconds())], []));
        using var response = await _running.Gateway.SendAsync(Ingest.Webhooks.SignedMeta(body, Account.AppSecret), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>What the Agent sent to this customer, in order: text bodies, or "template:name".</summary>
    public async Task<IReadOnlyList<string>> SentAsync()
    {
        var calls = await SendAsync(_sandbox, HttpMethod.Get, $"/sandbox/api/calls?provider=meta&kind=send&phone={Uri.EscapeDataString(Customer)}", null);
        var items = calls.ValueKind == JsonValueKind.Array ? calls : calls.GetProperty("calls");
        return [.. items.EnumerateArray()
            .Where(c => c.GetProperty("responseStatus").GetInt32() == 200)
            .Select(c => JsonDocument.Parse(c.GetProperty("requestBody").GetString()!).RootElement)
            .Select(body => body.GetProperty("type").GetString() == "template"
                ? "template:" + body.GetProperty("template").GetProperty("name").GetString()
                : body.GetProperty("text").GetProperty("body").GetString()!)];
    }

    /// <summary>Sends the provider refused (throttled, window closed...), by error code.</summary>
    public async Task<IReadOnlyList<int>> RefusedSendsAsync()
    {
        var calls = await SendAsync(_sandbox, HttpMethod.Get, $"/sandbox/api/calls?provider=meta&kind=send&phone={Uri.EscapeDataString(Customer)}", null);
        var items = calls.ValueKind == JsonValueKind.Array ? calls : calls.GetProperty("calls");
        return [.. items.EnumerateArray()
            .Where(c => c.GetProperty("responseStatus").GetInt32() != 200)
            .Select(c => JsonDocument.Parse(c.GetProperty("responseBody").GetString()!).RootElement.GetProperty("error").GetProperty("code").GetInt32())];
    }

    public Task<IReadOnlyList<string>> WaitForSentAsync(int count, string what) =>
        Eventually.ReturnsAsync(SentAsync, sent => sent.Count >= count, what, TimeSpan.FromSeconds(60));

    public async Task<JsonElement> ConversationAsync()
    {
        var page = await Eventually.ReturnsAsync(
            async () => await SendAsync(_agent, HttpMethod.Get, $"/api/agent/conversations?workspaceId={WorkspaceId}", null, operatorId: await OperatorIdAsync()),
            p => p.GetProperty("conversations").GetArrayLength() > 0,
            "the conversation exists");
        return page.GetProperty("conversations")[0];
    }

    public async Task<IReadOnlyList<JsonElement>> TurnsAsync()
    {
        var conversation = await ConversationAsync();
        var turns = await SendAsync(_agent, HttpMethod.Get, $"/api/agent/conversations/{conversation.GetProperty("id").GetString()}/turns", null, operatorId: await OperatorIdAsync());
        return [.. (turns.ValueKind == JsonValueKind.Array ? turns : turns.GetProperty("turns")).EnumerateArray()];
    }

    /// <summary>Waits until <paramref name="count"/> turns have completed and returns them all.</summary>
    public Task<IReadOnlyList<JsonElement>> WaitForCompletedTurnsAsync(int count) =>
        Eventually.ReturnsAsync(TurnsAsync, turns => turns.Count(t => t.GetProperty("completedAt").ValueKind != JsonValueKind.Null) >= count,
            $"{count} turn(s) completed", TimeSpan.FromSeconds(60));

    /// <summary>An operator action, as Admin makes it for a signed-in member of the workspace.</summary>
    public async Task OperatorAsync(string action, object body)
    {
        var conversation = await ConversationAsync();
        await SendAsync(_agent, HttpMethod.Post, $"/api/agent/conversations/{conversation.GetProperty("id").GetString()}/{action}", body, operatorId: await OperatorIdAsync());
    }

    /// <summary>A member of the workspace, whom Admin would name on its reads and actions.</summary>
    async Task<string> OperatorIdAsync() =>
        _operatorId ??= (await SendAsync(_admin, HttpMethod.Put, $"/api/tenancy/workspaces/{WorkspaceId}/members",
            new { email = $"operator-{Guid.NewGuid():N}@example.com", displayName = "Maria", password = "correct-horse-7", role = "operator" })).GetProperty("userId").GetString()!;

    string? _operatorId;

    public async Task<long> AvailableCreditsAsync() =>
        (await SendAsync(_billing, HttpMethod.Get, $"/api/credits/workspaces/{WorkspaceId}", null, operatorId: await OperatorIdAsync())).GetProperty("available").GetInt64();

    public async Task<string> ReservationStateAsync(string turnId) =>
        (await SendAsync(_billing, HttpMethod.Get, $"/api/credits/reservations/{turnId}", null)).GetProperty("state").GetString()!;

    public Task SetSandboxLastInboundAsync(DateTimeOffset at) =>
        SendAsync(_sandbox, HttpMethod.Put, $"/sandbox/api/conversations/meta/{Account.PhoneNumberId}/{Uri.EscapeDataString(Customer)}/last-inbound", new { at });

    /// <summary>The channel's health as Admin keeps it ("unknown", "healthy", "disabled", ...).</summary>
    public async Task<string> ChannelHealthAsync() =>
        (await SendAsync(_admin, HttpMethod.Get, $"/api/tenancy/channels/{ChannelId}", null)).GetProperty("health").GetProperty("status").GetString()!;

    /// <summary>The conversation's code in the workspace's unanswered queue, once it is there.</summary>
    public async Task<string> WaitForUnansweredCodeAsync() =>
        (await Eventually.ReturnsAsync(
            async () => await SendAsync(_agent, HttpMethod.Get, $"/api/agent/unanswered?workspaceId={WorkspaceId}", null, operatorId: await OperatorIdAsync()),
            page => page.GetProperty("conversations").GetArrayLength() > 0,
            "the conversation is in the unanswered queue", TimeSpan.FromSeconds(60)))
        .GetProperty("conversations")[0].GetProperty("unanswered").GetProperty("code").GetString()!;

    public Task QueueProviderFaultAsync(int code, int count) =>
        SendAsync(_sandbox, HttpMethod.Post, $"/sandbox/api/faults/meta/{Account.PhoneNumberId}", new { code, count });

    async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? ifMatch = null, string? operatorId = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (operatorId is not null)
        {
            request.Headers.Add(OperatorHeader.Name, operatorId);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
