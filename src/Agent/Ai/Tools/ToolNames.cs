namespace Agent.Ai.Tools;

/// <summary>The tool names the model sees and the turn timeline records.</summary>
public static class ToolNames
{
    public const string SearchKnowledge = "search_knowledge";
    public const string CaptureLead = "capture_lead";
    public const string RequestHuman = "request_human";
    public const string BusinessHours = "business_hours";
}
