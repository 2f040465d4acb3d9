namespace Agent.Ai.Tools;

/// <summary>
/// search_knowledge: the best entries for the query, best first (empty when nothing fits);
/// <see cref="SafetyRelevant"/> when the question touches health or safety (allergies,
/// medication, pregnancy...), where only what the entries say may be answered.
/// </summary>
public sealed record KnowledgeSearchResult(string Query, IReadOnlyList<KnowledgeMatch> Matches, bool SafetyRelevant = false);

/// <summary>One knowledge entry and how well it matches (0 to 1).</summary>
public sealed record KnowledgeMatch(string Title, string Content, double Score);

/// <summary>capture_lead: the lead saved; <see cref="Created"/> is false when the same person's same interest was updated.</summary>
public sealed record LeadCaptureResult(bool Saved, string Email, string? Name, string? Interest, bool Created = true);

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

/// <summary>
/// check_booking: the booking as understood (date, weekday, time, party size), whether the
/// business is open then, and if not why and the nearest open times (same day first).
/// </summary>
public sealed record BookingCheckResult(
    bool Understood,
    bool Open,
    string? Date,
    string? Day,
    string? Time,
    int? PartySize,
    string? Problem,
    IReadOnlyList<string> Alternatives);

/// <summary>Bad arguments from the model; the filter hands the message back to it.</summary>
public sealed class ToolInputException(string message) : ArgumentException(message);
