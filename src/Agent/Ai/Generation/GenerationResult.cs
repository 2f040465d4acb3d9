using Agent.Ai.Tools;

namespace Agent.Ai.Generation;

/// <summary>
/// A generated reply and how it was made, for the turn timeline: <see cref="ModelId"/> is
/// "offline" for the embedded responder; <see cref="Rounds"/> counts model calls.
/// </summary>
public sealed record GenerationResult(
    string Reply,
    string ModelId,
    bool Offline,
    long InputTokens,
    long OutputTokens,
    int Rounds,
    IReadOnlyList<ToolCallRecord> ToolCalls,
    long ElapsedMs,
    string FinishReason)
{
    /// <summary>True when request_human ran: the conversation now waits for an operator, and this reply says so.</summary>
    public bool RequestedHuman => ToolCalls.Any(call => call.Name == ToolNames.RequestHuman && call.Error is null);

    /// <summary>True when capture_lead saved the contact's details.</summary>
    public bool CapturedLead => ToolCalls.Any(call => call.Name == ToolNames.CaptureLead && call.Error is null);
}

/// <summary>One tool call the model asked for: its arguments, a short form of the result or the error, and how long it took.</summary>
public sealed record ToolCallRecord(string Name, string ArgumentsJson, string ResultSummary, double DurationMs, string? Error);
