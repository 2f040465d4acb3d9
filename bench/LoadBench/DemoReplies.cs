using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Contracts.Operators;
using Messaging.ServiceDefaults.Authentication;

namespace LoadBench;

/// <summary>
/// Puts the café's two numbers (Meta and Twilio) on <c>wait_seconds</c> 0 with the canned hours
/// rule and a default rule (canned, or another response such as the AI's), through Admin's tenancy
/// API as an operator's change would go, with the AppHost's own service credential from the run's data folder.
/// </summary>
public static class DemoReplies
{
    public const string HoursReply = "We're open Monday to Friday 8:00-18:00 and on weekends 9:00-17:00.";

    static readonly string[] HoursKeywords = ["hours", "open", "opening"];

    /// <summary>Canned answers only: the hours rule and a canned default.</summary>
    public static Task CannedWithoutWaitAsync(Uri admin, string dataDirectory, CancellationToken cancellationToken) =>
        WithoutWaitAsync(admin, dataDirectory, new { type = "canned", text = "Thanks! The team will answer soon." }, cancellationToken);

    /// <summary>The hours rule and <paramref name="defaultResponse"/> for everything else; returns the café's workspace id.</summary>
    public static async Task<string> WithoutWaitAsync(Uri admin, string dataDirectory, object defaultResponse, CancellationToken cancellationToken)
    {
        using var http = AppHostClient(admin, dataDirectory);
        var workspaces = await http.GetFromJsonAsync<JsonElement>("/api/tenancy/workspaces", cancellationToken);
        var cafe = workspaces.EnumerateArray().Single(w => w.GetProperty("slug").GetString() == "cafe-aurora").GetProperty("id").GetString();
        var channels = await http.GetFromJsonAsync<JsonElement>($"/api/tenancy/workspaces/{cafe}/channels", cancellationToken);
        foreach (var channel in channels.EnumerateArray())
        {
            var path = $"/api/tenancy/channels/{channel.GetProperty("id").GetString()}/reply-config";
            // The version being changed, as an operator's edit sends it (concurrent edits are refused).
            var current = await http.GetFromJsonAsync<JsonElement>(path, cancellationToken);
            using var change = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new
            {
                enabled = true,
                waitSeconds = 0,
                rules = new object[]
                {
                    new
                    {
                        id = "hours",
                        label = "Opening hours",
                        matcher = new { type = "keyword", keywords = HoursKeywords, mode = "whole_word" },
                        response = new { type = "canned", text = HoursReply },
                    },
                },
                defaultRule = new { id = "default", label = "Everything else", response = defaultResponse },
            }) };
            change.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{current.GetProperty("version").GetInt64()}\""));
            using var response = await http.SendAsync(change, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Admin refused the reply configuration: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        return cafe!;
    }

    /// <summary>A client of an internal API calling with the AppHost's own service credential, as the demo seed does.</summary>
    public static HttpClient AppHostClient(Uri service, string dataDirectory)
    {
        var credential = File.ReadAllText(Path.Combine(dataDirectory, "service-credentials", "apphost.key")).Trim();
        var http = new HttpClient { BaseAddress = service };
        http.DefaultRequestHeaders.Authorization = ServiceCredential.Header("apphost", credential);
        return http;
    }

    /// <summary>
    /// A client of an internal API acting for a new operator of <paramref name="workspaceId"/>, added
    /// through Admin: the Agent and Billing answer a workspace's reads only for one of its members.
    /// </summary>
    public static async Task<HttpClient> OperatorClientAsync(Uri admin, Uri service, string dataDirectory, string workspaceId, CancellationToken cancellationToken)
    {
        using var tenancy = AppHostClient(admin, dataDirectory);
        using var added = await tenancy.PutAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/members",
            new { email = $"bench-{Guid.NewGuid():N}@example.com", displayName = "Bench auditor", password = $"{Guid.NewGuid():N}-Aa1", role = "operator" }, cancellationToken);
        var body = await added.Content.ReadAsStringAsync(cancellationToken);
        if (!added.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Adding an operator to workspace {workspaceId} answered {(int)added.StatusCode}: {body}");
        }
        var http = AppHostClient(service, dataDirectory);
        http.DefaultRequestHeaders.Add(OperatorHeader.Name, JsonDocument.Parse(body).RootElement.GetProperty("userId").GetString());
        return http;
    }
}
