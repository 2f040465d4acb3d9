using System.Net.Http.Json;
using System.Text.Json;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>The tenancy API on Admin, as an operator or the AppHost's seeding uses it.</summary>
public sealed class AdminApi(HttpClient admin)
{
    public async Task<string> CreateWorkspaceAsync(string name, CancellationToken ct)
    {
        var slug = name.ToLowerInvariant().Replace(' ', '-') + "-" + Guid.NewGuid().ToString("N")[..6];
        return await PostForIdAsync("/api/tenancy/workspaces", new { name, slug, timeZone = "Europe/Amsterdam" }, ct);
    }

    public Task<string> CreateMetaChannelAsync(string workspaceId, MetaAccount account, string? baseUrl, IReadOnlyList<string>? allowlist, CancellationToken ct) =>
        PostForIdAsync($"/api/tenancy/workspaces/{workspaceId}/channels", new
        {
            name = "WhatsApp " + account.DisplayPhoneNumber,
            provider = "meta",
            baseUrl,
            enabled = true,
            allowlist = allowlist ?? [],
            meta = new
            {
                phoneNumberId = account.PhoneNumberId,
                displayPhoneNumber = account.DisplayPhoneNumber,
                accessToken = account.AccessToken,
                appSecret = account.AppSecret,
                verifyToken = account.VerifyToken,
                graphApiVersion = "v21.0",
            },
        }, ct);

    public Task<string> CreateTwilioChannelAsync(string workspaceId, TwilioAccount account, string baseUrl, IReadOnlyList<string>? allowlist, CancellationToken ct) =>
        PostForIdAsync($"/api/tenancy/workspaces/{workspaceId}/channels", new
        {
            name = "Twilio " + account.Number,
            provider = "twilio",
            baseUrl,
            enabled = true,
            allowlist = allowlist ?? [],
            twilio = new { accountSid = account.AccountSid, authToken = account.AuthToken, number = "whatsapp:" + account.Number },
        }, ct);

    /// <summary>Replaces the Meta channel's app secret (the rest unchanged), as an operator rotating it would.</summary>
    public async Task RotateMetaAppSecretAsync(string channelId, MetaAccount account, string newSecret, CancellationToken ct)
    {
        using var current = await admin.GetAsync(new Uri($"/api/tenancy/channels/{channelId}", UriKind.Relative), ct);
        var channel = JsonDocument.Parse(await current.Content.ReadAsStringAsync(ct)).RootElement;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/tenancy/channels/{channelId}")
        {
            Content = JsonContent.Create(new
            {
                name = channel.GetProperty("name").GetString(),
                provider = "meta",
                baseUrl = channel.GetProperty("baseUrl").GetString(),
                enabled = true,
                allowlist = Array.Empty<string>(),
                meta = new
                {
                    phoneNumberId = account.PhoneNumberId,
                    displayPhoneNumber = account.DisplayPhoneNumber,
                    appSecret = newSecret,
                    verifyToken = account.VerifyToken,
                    graphApiVersion = "v21.0",
                },
            }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"" + channel.GetProperty("version").GetInt64() + "\"");
        using var response = await admin.SendAsync(request, ct);
        Assert.True(response.IsSuccessStatusCode, $"rotating the secret answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    async Task<string> PostForIdAsync(string path, object body, CancellationToken ct)
    {
        using var response = await admin.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}

public sealed record MetaAccount(string PhoneNumberId, string DisplayPhoneNumber, string AccessToken, string AppSecret, string VerifyToken)
{
    public static MetaAccount CreateRandom()
    {
        var n = Random.Shared.NextInt64(100_000_000, 999_999_999);
        return new MetaAccount($"10{n}", $"+3120{n}"[..12], "EAAG" + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), "verify-" + Guid.NewGuid().ToString("N")[..8]);
    }
}

public sealed record TwilioAccount(string AccountSid, string AuthToken, string Number)
{
    public static TwilioAccount CreateRandom() =>
        new("AC" + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), "+1415" + Random.Shared.Next(1_000_000, 9_999_999));
}
