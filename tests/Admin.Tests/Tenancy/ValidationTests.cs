using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Messaging.Embeddings;
using Messaging.Testing;

namespace Admin.Tests.Tenancy;

/// <summary>Every validation rule answers 400 with a ValidationProblem naming the field and what is wrong.</summary>
public sealed class ValidationTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    AdminApp _app = null!;
    string _workspaceId = "";
    string _channelId = "";

    public async ValueTask InitializeAsync()
    {
        _app = await AdminApp.StartAsync(postgres, redis);
        _workspaceId = await _app.CreateWorkspaceAsync("validation");
        _channelId = (await _app.CreateChannelAsync(_workspaceId, AdminApp.MetaChannel("100200300"))).GetProperty("id").GetString()!;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static object Rule(string id, object matcher, object? response = null) =>
        new { id, label = id, matcher, response = response ?? new { type = "canned", text = "Hello" } };

    static readonly object DefaultRule = new { id = "fallback", label = "Fallback", response = new { type = "canned", text = "We will get back to you." } };

    public static TheoryData<string, string, string> InvalidReplyConfigs() => new()
    {
        { JsonSerializer.Serialize(new { waitSeconds = 31, defaultRule = DefaultRule }), "waitSeconds", "between 0 and 30" },
        { JsonSerializer.Serialize(new { waitSeconds = -1, defaultRule = DefaultRule }), "waitSeconds", "between 0 and 30" },
        { JsonSerializer.Serialize(new { rules = Array.Empty<object>() }), "defaultRule", "defaultRule is required" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("book", new { type = "semantic", threshold = 0.5 }) }, defaultRule = DefaultRule }), "rules[0].matcher.description", "required for a semantic rule" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("book", new { type = "semantic", description = "booking", threshold = 1.5 }) }, defaultRule = DefaultRule }), "rules[0].matcher.threshold", "between 0 and 1" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("book", new { type = "semantic", description = "booking" }) }, defaultRule = DefaultRule }), "rules[0].matcher.threshold", "is required" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("hours", new { type = "keyword", keywords = new[] { "open" } }), Rule("hours", new { type = "keyword", keywords = new[] { "close" } }) }, defaultRule = DefaultRule }), "rules[1].id", "already used by rules[0]" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("hours", new { type = "keyword", keywords = Array.Empty<string>() }) }, defaultRule = DefaultRule }), "rules[0].matcher.keywords", "at least one keyword" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("hours", new { type = "keyword", keywords = new[] { "open" }, mode = "fuzzy" }) }, defaultRule = DefaultRule }), "rules[0].matcher.mode", "'whole_word' or 'substring'" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("hours", new { type = "regex" }) }, defaultRule = DefaultRule }), "rules[0].matcher.type", "'keyword' or 'semantic'" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("hours", new { type = "keyword", keywords = new[] { "open" } }, new { type = "ai" }) }, defaultRule = DefaultRule }), "rules[0].response.prompt", "is required" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("hours", new { type = "keyword", keywords = new[] { "open" } }, new { type = "canned", text = new string('x', 5000) }) }, defaultRule = DefaultRule }), "rules[0].response.text", "the limit is 4096" },
        { JsonSerializer.Serialize(new { rules = new[] { Rule("Bad Id!", new { type = "keyword", keywords = new[] { "open" } }) }, defaultRule = DefaultRule }), "rules[0].id", "lowercase letters" },
        { JsonSerializer.Serialize(new { defaultRule = new { id = "fallback", matcher = new { type = "keyword", keywords = new[] { "x" } }, response = new { type = "canned", text = "x" } } }), "defaultRule.matcher", "must not have a matcher" },
    };

    [Theory]
    [MemberData(nameof(InvalidReplyConfigs))]
    public async Task Reply_config_rules_are_enforced(string body, string field, string message)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _app.Client.PutAsync($"/api/tenancy/channels/{_channelId}/reply-config", content, TestContext.Current.CancellationToken);
        await AssertInvalidAsync(response, field, message);
    }

    public static TheoryData<string, string, string> InvalidChannels() => new()
    {
        { JsonSerializer.Serialize(new { name = "x", provider = "whatsapp" }), "provider", "not supported: use 'meta' or 'twilio'" },
        { JsonSerializer.Serialize(new { name = "x", provider = "twilio", twilio = new { accountSid = "AC" + new string('b', 32), authToken = "token-0123456789", number = "+14155238886" } }), "twilio.number", "must start with 'whatsapp:'" },
        { JsonSerializer.Serialize(new { name = "x", provider = "twilio", twilio = new { accountSid = "XY123", authToken = "token-0123456789", number = "whatsapp:+14155238886" } }), "twilio.accountSid", "'AC' followed by 32" },
        { JsonSerializer.Serialize(new { name = "x", provider = "twilio", twilio = new { accountSid = "AC" + new string('b', 32), number = "whatsapp:+14155238886" } }), "twilio.authToken", "is required" },
        { JsonSerializer.Serialize(new { name = "x", provider = "meta", baseUrl = "not a url", meta = new { phoneNumberId = "123", accessToken = "token-0123456789", appSecret = "secret-0123456789", verifyToken = "v" } }), "baseUrl", "absolute http or https URL" },
        { JsonSerializer.Serialize(new { name = "x", provider = "meta", meta = new { phoneNumberId = "+1 555", accessToken = "token-0123456789", appSecret = "secret-0123456789", verifyToken = "v" } }), "meta.phoneNumberId", "numeric id" },
        { JsonSerializer.Serialize(new { name = "x", provider = "meta" }), "meta", "meta settings are required" },
        { JsonSerializer.Serialize(new { name = "x", provider = "meta", allowlist = new[] { "call me" }, meta = new { phoneNumberId = "123", accessToken = "token-0123456789", appSecret = "secret-0123456789", verifyToken = "v" } }), "allowlist[0]", "not a phone number" },
        { JsonSerializer.Serialize(new { name = new string('n', 500), provider = "meta", meta = new { phoneNumberId = "123", accessToken = "token-0123456789", appSecret = "secret-0123456789", verifyToken = "v" } }), "name", "the limit is 100" },
    };

    [Theory]
    [MemberData(nameof(InvalidChannels))]
    public async Task Channel_rules_are_enforced(string body, string field, string message)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _app.Client.PostAsync($"/api/tenancy/workspaces/{_workspaceId}/channels", content, TestContext.Current.CancellationToken);
        await AssertInvalidAsync(response, field, message);
    }

    public static TheoryData<string, string, string, string> InvalidWorkspaceResources() => new()
    {
        { "POST", "/api/tenancy/workspaces", JsonSerializer.Serialize(new { name = "x", slug = "Not A Slug" }), "slug" },
        { "POST", "/api/tenancy/workspaces", JsonSerializer.Serialize(new { name = "x", slug = "ok", timeZone = "Mars/Olympus" }), "timeZone" },
        { "POST", "/api/tenancy/workspaces", JsonSerializer.Serialize(new { name = "x", slug = "ok", businessHours = new[] { new { day = "monday", open = "18:00", close = "09:00" } } }), "businessHours[0]" },
        { "POST", "/api/tenancy/workspaces", JsonSerializer.Serialize(new { name = "x", slug = "ok", businessHours = new[] { new { day = "funday", open = "09:00", close = "17:00" } } }), "businessHours[0].day" },
        { "PUT", "/api/tenancy/workspaces/{ws}/retention", JsonSerializer.Serialize(new { mode = "forever", days = 30 }), "mode" },
        { "PUT", "/api/tenancy/workspaces/{ws}/retention", JsonSerializer.Serialize(new { mode = "metadata", days = 0 }), "days" },
        { "PUT", "/api/tenancy/workspaces/{ws}/persona", JsonSerializer.Serialize(new { prompt = "" }), "prompt" },
        { "PUT", "/api/tenancy/workspaces/{ws}/persona", JsonSerializer.Serialize(new { prompt = new string('p', 9000) }), "prompt" },
        { "POST", "/api/tenancy/workspaces/{ws}/knowledge", JsonSerializer.Serialize(new { title = "Hours", content = "" }), "content" },
        { "POST", "/api/tenancy/workspaces/{ws}/templates", JsonSerializer.Serialize(new { name = "Welcome Back", language = "en", category = "utility", body = "Hi" }), "name" },
        { "POST", "/api/tenancy/workspaces/{ws}/templates", JsonSerializer.Serialize(new { name = "welcome", language = "en", category = "utility", body = "Hi {{1}}, see {{3}}" }), "body" },
        { "POST", "/api/tenancy/workspaces/{ws}/templates", JsonSerializer.Serialize(new { name = "welcome", language = "english", category = "utility", body = "Hi" }), "language" },
        { "PUT", "/api/tenancy/workspaces/{ws}/ai-settings", JsonSerializer.Serialize(new { mode = "open_ai", endpoint = "ftp://models", chatModel = "gpt" }), "endpoint" },
        { "PUT", "/api/tenancy/workspaces/{ws}/ai-settings", JsonSerializer.Serialize(new { mode = "open_ai", endpoint = "https://api.openai.com/v1" }), "chatModel" },
        { "PUT", "/api/tenancy/workspaces/{ws}/ai-settings", JsonSerializer.Serialize(new { mode = "magic" }), "mode" },
    };

    [Theory]
    [MemberData(nameof(InvalidWorkspaceResources))]
    public async Task Workspace_resources_are_validated(string method, string path, string body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{ws}", _workspaceId, StringComparison.Ordinal))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await AssertInvalidAsync(response, field, "");
    }

    [Fact]
    public async Task A_valid_reply_config_is_accepted_and_semantic_rules_get_an_embedding()
    {
        var response = await _app.Client.PutAsJsonAsync($"/api/tenancy/channels/{_channelId}/reply-config", new
        {
            waitSeconds = 30,
            rules = new[] { Rule("book", new { type = "semantic", description = "the customer wants to book an appointment", threshold = 0.4 }, new { type = "ai", prompt = "Offer a slot." }) },
            defaultRule = DefaultRule,
        }, TestContext.Current.CancellationToken);

        var body = await AdminApp.ReadSuccessAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HybridEmbeddingGenerator.ModelId, body.GetProperty("rules")[0].GetProperty("matcher").GetProperty("embeddingModel").GetString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_taken_slug_is_a_clear_conflict()
    {
        var response = await _app.Client.PostAsJsonAsync("/api/tenancy/workspaces", new { name = "Again", slug = "validation" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("slug", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_not_a_crash()
    {
        using var content = new StringContent("{ \"waitSeconds\": \"soon\"", System.Text.Encoding.UTF8, "application/json");
        var response = await _app.Client.PutAsync($"/api/tenancy/channels/{_channelId}/reply-config", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    static async Task AssertInvalidAsync(HttpResponseMessage response, string field, string message)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {body}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
    }
}
