using System.Net.Http.Json;
using System.Text.Json;

namespace Messaging.AppHost.Demo;

/// <summary>
/// Seeds "Café Aurora", a demo workspace wired to the Sandbox, through the same APIs an
/// operator uses: two channels (Meta and Twilio), reply rules, an approved persona, knowledge,
/// a template and credits. Runs on every start and does nothing when the workspace exists.
/// </summary>
internal static class DemoWorkspace
{
    public const string Slug = "cafe-aurora";
    const string Tenancy = "/api/tenancy";

    /// <summary>
    /// Creates the workspace unless it exists, makes sure its owner login has the installation's
    /// demo password and grants its starting credits (once: the grant is idempotent); returns its
    /// id and whether it was new.
    /// </summary>
    public static async Task<(string Id, bool Created)> SeedAsync(HttpClient admin, HttpClient billing, DemoLogin login, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(admin, cancellationToken);
        var workspaceId = existing ?? await CreateAsync(admin, cancellationToken);
        await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/workspaces/{workspaceId}/members",
            new { email = login.Email, displayName = DemoLogin.DisplayName, password = login.Password, role = "owner" }, cancellationToken);
        await SendAsync(billing, HttpMethod.Post, $"/api/credits/workspaces/{workspaceId}/grants",
            new { credits = 100, grantedBy = "apphost", reason = "demo workspace starting credits", idempotencyKey = "demo-initial-grant" }, cancellationToken);
        return (workspaceId, existing is null);
    }

    static async Task<string?> FindAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        var list = await SendAsync(admin, HttpMethod.Get, $"{Tenancy}/workspaces", null, cancellationToken);
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        return items.EnumerateArray().Where(w => w.GetProperty("slug").GetString() == Slug).Select(w => w.GetProperty("id").GetString()).FirstOrDefault();
    }

    static async Task<string> CreateAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        var workspace = await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces", new
        {
            name = "Café Aurora",
            slug = Slug,
            timeZone = "Europe/Amsterdam",
            businessHours = DemoContent.BusinessHours,
            lowCreditThreshold = 10,
        }, cancellationToken);
        var id = workspace.GetProperty("id").GetString()!;

        var meta = await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/channels", new
        {
            name = "Café Aurora (Meta, Sandbox)",
            provider = "meta",
            baseUrl = "http://sandbox/graph",
            enabled = true,
            meta = new
            {
                phoneNumberId = DemoAccounts.MetaPhoneNumberId,
                displayPhoneNumber = DemoAccounts.MetaDisplayNumber,
                accessToken = DemoAccounts.MetaAccessToken,
                appSecret = DemoAccounts.MetaAppSecret,
                verifyToken = DemoAccounts.MetaVerifyToken,
                graphApiVersion = "v21.0",
            },
        }, cancellationToken);
        var twilio = await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/channels", new
        {
            name = "Café Aurora (Twilio, Sandbox)",
            provider = "twilio",
            baseUrl = "http://sandbox/twilio",
            enabled = true,
            twilio = new { accountSid = DemoAccounts.TwilioAccountSid, authToken = DemoAccounts.TwilioAuthToken, number = "whatsapp:" + DemoAccounts.TwilioNumber },
        }, cancellationToken);

        foreach (var channel in new[] { meta, twilio })
        {
            await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/channels/{channel.GetProperty("id").GetString()}/reply-config", DemoContent.ReplyConfig, cancellationToken);
        }

        var persona = await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/workspaces/{id}/persona", new { prompt = DemoContent.Persona }, cancellationToken);
        await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/workspaces/{id}/persona/safety", new { status = "approved", reason = "demo persona" }, cancellationToken,
            ifMatch: "\"" + persona.GetProperty("version").GetInt64() + "\"");

        foreach (var (title, content, tags) in DemoContent.Knowledge)
        {
            await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/knowledge", new { title, content, tags }, cancellationToken);
        }
        await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/templates", DemoContent.FollowUpTemplate, cancellationToken);
        return id;
    }

    static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding the demo workspace: {method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
