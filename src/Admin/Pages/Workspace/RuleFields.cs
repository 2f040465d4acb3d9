namespace Admin.Pages.Workspace;

/// <summary>The form fields of one reply rule, as the rules editor shows and posts them.</summary>
public sealed record RuleFields(
    string Id,
    string Label,
    string MatcherType,
    string Keywords,
    string KeywordMode,
    string Description,
    double Threshold,
    string ResponseType,
    string ResponseText,
    bool IsDefault);
