namespace Billing.Workspaces;

/// <summary>Whether Admin is still there to say.</summary>
public enum WorkspaceExistence
{
    Exists,
    Missing,
    Unknown,
}

/// <summary>
/// Asks Admin, which owns the tenancy schema, whether a workspace exists
/// (<c>GET /api/tenancy/workspaces/{id}</c>), so credits are never granted to one that does not.
/// </summary>
public sealed partial class TenancyWorkspaces(HttpClient http, ILogger<TenancyWorkspaces> logger)
{
    public const string BaseAddress = "http://admin";

    public async Task<WorkspaceExistence> FindAsync(string workspaceId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"/api/tenancy/workspaces/{Uri.EscapeDataString(workspaceId)}", UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return WorkspaceExistence.Exists;
            }
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return WorkspaceExistence.Missing;
            }
            LogRefused(logger, workspaceId, (int)response.StatusCode);
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(logger, exception, workspaceId);
        }
        return WorkspaceExistence.Unknown;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin answered HTTP {Status} when asked about workspace {WorkspaceId}")]
    static partial void LogRefused(ILogger logger, string workspaceId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin could not be reached to check workspace {WorkspaceId}")]
    static partial void LogUnreachable(ILogger logger, Exception exception, string workspaceId);
}
