using System.Net;
using System.Text.Json;

namespace StartupBench;

/// <summary>The gateway's /health, which reports the gateway's own checks and each service behind it.</summary>
public static class GatewayHealth
{
    public static async Task WaitUntilAllHealthyAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var health = new Uri($"http://127.0.0.1:{port}/health");
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health, ct);
                if (response.StatusCode == HttpStatusCode.OK && EveryCheckHealthy(await response.Content.ReadAsStringAsync(ct)))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet, or too slow while everything starts.
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// The gateway's report is Healthy only when every service behind it is. The previous
    /// orchestrator's gateway listed each check (<c>"checks":{...}</c>), today's public one says only
    /// <c>{"status":"Healthy"}</c>: where checks are listed, every one must be Healthy too.
    /// </summary>
    static bool EveryCheckHealthy(string body)
    {
        using var report = JsonDocument.Parse(body);
        var root = report.RootElement;
        return root.GetProperty("status").GetString() == "Healthy"
            && (!root.TryGetProperty("checks", out var checks)
                || (checks.EnumerateObject().Any() && checks.EnumerateObject().All(c => c.Value.GetProperty("status").GetString() == "Healthy")));
    }
}
