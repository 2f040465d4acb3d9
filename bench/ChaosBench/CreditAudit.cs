using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChaosBench;

/// <summary>
/// The café's credits as Billing keeps them (its balance and its whole ledger, through the
/// internal API: grants with the AppHost's service credential, reads as an operator of the
/// workspace), checked against the replies the customers got.
/// </summary>
public sealed class CreditAudit(HttpClient billing, HttpClient reader, string workspaceId)
{
    public sealed record Figures(long Available, long Reserved, long Granted, long Reserves, long Commits, long Releases, long Expires, long LedgerAvailable, long LedgerReserved, long CommittedCredits);

    public async Task GrantAsync(long credits, string reason)
    {
        using var response = await billing.PostAsJsonAsync($"/api/credits/workspaces/{workspaceId}/grants",
            new { credits, grantedBy = "chaos-bench", reason, idempotencyKey = "chaos-" + Guid.NewGuid().ToString("N") });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Billing refused the grant: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<Figures> ReadAsync()
    {
        var balance = await ReadJsonAsync($"/api/credits/workspaces/{workspaceId}");
        var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
        long ledgerAvailable = 0, ledgerReserved = 0, granted = 0, committed = 0;
        long? before = null;
        do
        {
            var page = await ReadJsonAsync($"/api/credits/workspaces/{workspaceId}/ledger?limit=200"
                + (before is { } b ? "&before=" + b.ToString(CultureInfo.InvariantCulture) : ""));
            foreach (var entry in page.GetProperty("entries").EnumerateArray())
            {
                var kind = entry.GetProperty("kind").GetString()!;
                var available = entry.GetProperty("availableDelta").GetInt64();
                var reserved = entry.GetProperty("reservedDelta").GetInt64();
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                ledgerAvailable += available;
                ledgerReserved += reserved;
                if (kind is "grant" or "adjustment")
                {
                    granted += available;
                }
                if (kind == "commit")
                {
                    committed -= reserved;
                }
            }
            before = page.GetProperty("nextBefore").ValueKind == JsonValueKind.Number ? page.GetProperty("nextBefore").GetInt64() : null;
        }
        while (before is not null);
        return new Figures(balance.GetProperty("available").GetInt64(), balance.GetProperty("reserved").GetInt64(), granted,
            kinds.GetValueOrDefault("reserve"), kinds.GetValueOrDefault("commit"), kinds.GetValueOrDefault("release"), kinds.GetValueOrDefault("expire"),
            ledgerAvailable, ledgerReserved, committed);
    }

    /// <summary>
    /// A read, tried again for up to a minute while Billing answers 503 (a dependency it needs is
    /// still coming back from a fault), as a client of the product is told to; any other failure is the audit's finding.
    /// </summary>
    async Task<JsonElement> ReadJsonAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var response = await reader.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>What is wrong with the ledger, given how many customers got an AI reply (each costs one credit, whatever copies were sent).</summary>
    public static IEnumerable<string> Problems(Figures f, int aiReplies)
    {
        if (f.LedgerAvailable != f.Available || f.LedgerReserved != f.Reserved)
        {
            yield return $"the balance (available {f.Available}, reserved {f.Reserved}) is not the ledger's sum (available {f.LedgerAvailable}, reserved {f.LedgerReserved})";
        }
        if (f.Reserved != 0)
        {
            yield return $"{f.Reserved} credit(s) still reserved once the pipeline is quiet";
        }
        if (f.Reserves != f.Commits + f.Releases + f.Expires)
        {
            yield return $"{f.Reserves} reservations but {f.Commits + f.Releases + f.Expires} settled (commit, release or expiry)";
        }
        if (f.Granted - f.CommittedCredits - f.Reserved != f.Available)
        {
            yield return $"granted {f.Granted} - committed {f.CommittedCredits} - reserved {f.Reserved} is not the {f.Available} available";
        }
        if (f.CommittedCredits != aiReplies)
        {
            yield return $"{f.CommittedCredits} credit(s) committed for {aiReplies} customer(s) answered by the AI";
        }
    }
}
