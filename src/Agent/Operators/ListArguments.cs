namespace Agent.Operators;

/// <summary>What every listing of the operators API requires: a workspace, a page of 1 to 200, and a search PostgreSQL can run.</summary>
internal static class ListArguments
{
    public const int MaxLimit = 200;

    /// <summary>The problems with the workspace, the page size and the search text, keyed by parameter; empty when all are usable.</summary>
    public static Dictionary<string, string[]> Check(string? workspaceId, int? limit, string? search = null)
    {
        var errors = new Dictionary<string, string[]>();
        // PostgreSQL text cannot hold U+0000: such a search could match nothing and would fail the query.
        if (search?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors["search"] = ["search must not contain the NUL character (U+0000)."];
        }
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

    /// <summary>An ILIKE pattern that finds <paramref name="search"/> anywhere, its own wildcards taken literally.</summary>
    public static string ContainsPattern(string search) =>
        "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
