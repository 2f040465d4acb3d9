namespace Agent.Ai.Tools;

/// <summary>search_knowledge: the best entries for the query, best first (empty when nothing fits).</summary>
public sealed record KnowledgeSearchResult(string Query, IReadOnlyList<KnowledgeMatch> Matches);

/// <summary>One knowledge entry and how well it matches (0 to 1).</summary>
public sealed record KnowledgeMatch(string Title, string Content, double Score);

/// <summary>capture_lead: the details saved on the contact.</summary>
public sealed record LeadCaptureResult(bool Saved, string Email, string? Name, string? Interest);

/// <summary>request_human: the conversation now waits for an operator.</summary>
public sealed record HumanRequestResult(bool Requested, string Note);

/// <summary>
/// business_hours: whether the business is open at <see cref="LocalTime"/> (its own time zone),
/// until when, when it opens next, and the weekly schedule. Times are "HH:mm", days English names.
/// </summary>
public sealed record BusinessHoursResult(
    bool Configured,
    string TimeZone,
    string LocalTime,
    bool OpenNow,
    string? ClosesAt,
    string? NextOpening,
    IReadOnlyList<string> Week);

/// <summary>Bad arguments from the model; the tool loop hands the message back to it.</summary>
public sealed class ToolInputException(string message) : ArgumentException(message);
