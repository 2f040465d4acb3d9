namespace Agent.Ai.Tools;

/// <summary>
/// The kernel functions' names, as the turn timeline records them; the model sees them
/// prefixed with their plugin ("knowledge_search_knowledge").
/// </summary>
public static class ToolNames
{
    public const string SearchKnowledge = "search_knowledge";
    public const string CaptureLead = "capture_lead";
    public const string RequestHuman = "request_human";
    public const string BusinessHours = "business_hours";
    public const string CheckBooking = "check_booking";

    /// <summary>The function name of a tool as the model sees it ("knowledge_search_knowledge" is search_knowledge).</summary>
    public static bool Is(string offeredName, string tool) =>
        offeredName == tool || offeredName.EndsWith("_" + tool, StringComparison.Ordinal) || offeredName.EndsWith("-" + tool, StringComparison.Ordinal);
}
