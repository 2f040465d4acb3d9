
namespace Admin.Credits;

public sealed record BalanceView(string WorkspaceId, long Available, long Reserved, long LowThreshold, DateTimeOffset? UpdatedAt)
{
    public bool IsLow => Available <= LowThreshold;
}

public sealed record LedgerEntryView(long Id, string Kind, long AvailableDelta, long ReservedDelta, long AvailableAfter, long ReservedAfter, string? TurnId, string? Actor, string? Reason, DateTimeOffset CreatedAt);

public sealed record LedgerPage(IReadOnlyList<LedgerEntryView> Entries, long? NextBefore);

/// <summary>Billing's credits API (<c>http://billing/api/credits</c>) for the console.</summary>
public sealed class BillingClient(HttpClient http)
{
    public async Task<BalanceView> BalanceAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<BalanceView>($"/api/credits/workspaces/{workspaceId}/", cancellationToken))!;

    public async Task<LedgerPage> LedgerAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<LedgerPage>($"/api/credits/workspaces/{workspaceId}/ledger?limit=50", cancellationToken))!;

    /// <summary>Grants credits; the key makes a double-submitted form grant once.</summary>
    public async Task<bool> GrantAsync(Guid workspaceId, long credits, string grantedBy, string reason, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"/api/credits/workspaces/{workspaceId}/grants", new { credits, grantedBy, reason, idempotencyKey }, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> SetLowThresholdAsync(Guid workspaceId, long threshold, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"/api/credits/workspaces/{workspaceId}/low-threshold", new { threshold }, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
