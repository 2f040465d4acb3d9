namespace Agent.Operators;

/// <summary>What every listing of the operators API requires: a workspace, and a page of 1 to 200.</summary>
internal static class ListArguments
{
    public const int MaxLimit = 200;

    /// <summary>The problems with the workspace and the page size, keyed by parameter; empty when both are usable.</summary>
    public static Dictionary<string, string[]> Check(string? workspaceId, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(workspaceId))
        {
            errors["workspaceId"] = ["workspaceId is required."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }
        return errors;
    }
}
