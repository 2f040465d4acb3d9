using System.Text.RegularExpressions;

namespace Agent.Conversations;

/// <summary>How a lead's interest is compared: "Table for 4 " and "table  for 4" are the same interest.</summary>
public static partial class LeadKeys
{
    public static string Interest(string? interest) =>
        interest is null ? "" : Spaces().Replace(interest.Trim().ToLowerInvariant(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
