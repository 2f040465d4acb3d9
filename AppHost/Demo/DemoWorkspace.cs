using System.Net.Http.Json;
using System.Text.Json;

namespace Messaging.AppHost.Demo;

/// <summary>
/// Seeds the demo businesses (Café Aurora, the Studio Lumen salon, the Harbour clinic), each a
/// workspace wired to the Sandbox, through the same APIs an operator uses: a Meta channel (and
/// for the café a Twilio one), reply rules, an approved persona, knowledge, hours and credits.
/// Runs on every start and leaves a workspace that exists alone.
/// </summary>
internal static class DemoWorkspace
{
    /// <summary>The first demo workspace, the one the start-up summary names.</summary>
    public const string Slug = DemoContent.Slug;
    const string Tenancy = "/api/tenancy";

    /// <summary>
    /// Creates the business's workspace unless it exists, makes sure the demo owner login is its
    /// owner with the installation's demo password, and grants its starting credits (once: the
    /// grant is idempotent); returns its id and whether it was new.
    /// </summary>
    /// <param name="platformApp">Whether the run's platform Meta app is the demo's Sandbox app, so the business's number of it can be added.</param>
    public static async Task<(string Id, bool Created)> SeedAsync(HttpClient admin, HttpClient billing, DemoBusiness business, DemoLogin login, bool platformApp, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(admin, business.Slug, cancellationToken);
        var workspaceId = existing ?? await CreateAsync(admin, business, platformApp, cancellationToken);
        await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/workspaces/{workspaceId}/members",
            new { email = login.Email, displayName = DemoLogin.DisplayName, password = login.Password, role = "owner" }, cancellationToken);
        await SendAsync(billing, HttpMethod.Post, $"/api/credits/workspaces/{workspaceId}/grants",
            new { credits = 100, grantedBy = "apphost", reason = "demo workspace starting credits", idempotencyKey = "demo-initial-grant" }, cancellationToken);
        return (workspaceId, existing is null);
    }

    static async Task<string?> FindAsync(HttpClient admin, string slug, CancellationToken cancellationToken)
    {
        var list = await SendAsync(admin, HttpMethod.Get, $"{Tenancy}/workspaces", null, cancellationToken);
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
        return items.EnumerateArray().Where(w => w.GetProperty("slug").GetString() == slug).Select(w => w.GetProperty("id").GetString()).FirstOrDefault();
    }

    static async Task<string> CreateAsync(HttpClient admin, DemoBusiness business, bool platformApp, CancellationToken cancellationToken)
    {
        var workspace = await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces", new
        {
            name = business.Name,
            slug = business.Slug,
            timeZone = business.TimeZone,
            businessHours = business.BusinessHours,
            lowCreditThreshold = 10,
        }, cancellationToken);
        var id = workspace.GetProperty("id").GetString()!;

        var channels = new List<JsonElement>
        {
            await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/channels", new
            {
                name = $"{business.Name} (Meta, Sandbox)",
                provider = "meta",
                baseUrl = "http://sandbox/graph",
                enabled = true,
                meta = new
                {
                    phoneNumberId = business.Meta.PhoneNumberId,
                    displayPhoneNumber = business.Meta.DisplayNumber,
                    accessToken = business.Meta.AccessToken,
                    appSecret = business.Meta.AppSecret,
                    verifyToken = business.Meta.VerifyToken,
                    graphApiVersion = "v21.0",
                },
            }, cancellationToken),
        };
        if (business.WithTwilio)
        {
            channels.Add(await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/channels", new
            {
                name = $"{business.Name} (Twilio, Sandbox)",
                provider = "twilio",
                baseUrl = "http://sandbox/twilio",
                enabled = true,
                twilio = new { accountSid = DemoAccounts.TwilioAccountSid, authToken = DemoAccounts.TwilioAuthToken, number = "whatsapp:" + DemoAccounts.TwilioNumber },
            }, cancellationToken));
        }

        if (platformApp && business.PlatformNumber is { } number)
        {
            // The other way to connect Meta: a number of the deployment's platform app, by its phone number id alone.
            channels.Add(await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/channels", new
            {
                name = $"{business.Name} (Meta platform app, Sandbox)",
                provider = "meta",
                enabled = true,
                meta = new { phoneNumberId = number.PhoneNumberId, displayPhoneNumber = number.DisplayNumber, platformApp = true },
            }, cancellationToken));
        }

        // One configuration answers on every number of the business: a rule changed in the console reaches them all.
        var config = await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/channels/{channels[0].GetProperty("id").GetString()}/reply-config", business.ReplyConfig, cancellationToken);
        foreach (var channel in channels.Skip(1))
        {
            await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/channels/{channel.GetProperty("id").GetString()}/reply-config/link",
                new { replyConfigId = config.GetProperty("id").GetString() }, cancellationToken);
        }

        await ApprovePersonaAsync(admin, id, business.Persona, cancellationToken);

        foreach (var (title, content, tags) in business.Knowledge)
        {
            await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/knowledge", new { title, content, tags }, cancellationToken);
        }
        if (business.Template is { } template)
        {
            await SendAsync(admin, HttpMethod.Post, $"{Tenancy}/workspaces/{id}/templates", template, cancellationToken);
        }
        return id;
    }

    /// <summary>
    /// Saves the persona and approves it, unless the Agent's classifier got there first (then the
    /// approval answers 412 and the persona must already be approved).
    /// </summary>
    static async Task ApprovePersonaAsync(HttpClient admin, string id, string prompt, CancellationToken cancellationToken)
    {
        var persona = await SendAsync(admin, HttpMethod.Put, $"{Tenancy}/workspaces/{id}/persona", new { prompt }, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Tenancy}/workspaces/{id}/persona/safety") { Content = JsonContent.Create(new { status = "approved", reason = "demo persona" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"" + persona.GetProperty("version").GetInt64() + "\"");
        using var response = await admin.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.PreconditionFailed
            && (await SendAsync(admin, HttpMethod.Get, $"{Tenancy}/workspaces/{id}/persona", null, cancellationToken)).GetProperty("safetyStatus").GetString() == "approved")
        {
            return;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding the demo workspace: approving the persona answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
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
