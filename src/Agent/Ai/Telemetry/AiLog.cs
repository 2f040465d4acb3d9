
namespace Agent.Ai.Telemetry;

/// <summary>The AI part's log lines. Message bodies and persona prompts are never logged.</summary>
internal static partial class AiLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Generated a reply for workspace {WorkspaceId} with {Mode} model {ModelId}: {Rounds} rounds, {ToolCalls} tool calls, {InputTokens}+{OutputTokens} tokens, {ElapsedMs} ms")]
    public static partial void Generated(ILogger logger, string workspaceId, string mode, string modelId, int rounds, int toolCalls, long inputTokens, long outputTokens, long elapsedMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Generation for workspace {WorkspaceId} failed ({Reason}) after {ElapsedMs} ms")]
    public static partial void GenerationFailed(ILogger logger, string workspaceId, string reason, long elapsedMs, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Tool {Tool} rejected its arguments: {Error}")]
    public static partial void ToolRejected(ILogger logger, string tool, string error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Tool {Tool} failed")]
    public static partial void ToolFailed(ILogger logger, string tool, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Model asked for tools in every one of its {Rounds} rounds; asking for the answer without tools")]
    public static partial void ToolRoundsExhausted(ILogger logger, int rounds);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Knowledge search fell back to the offline embedding because the provider's embeddings failed")]
    public static partial void EmbeddingsFellBack(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Prompt-injection scan flagged a message: {Reasons}")]
    public static partial void InjectionFlagged(ILogger logger, IReadOnlyList<string> reasons);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "The persona classifier could not ask the model; the persona stays pending")]
    public static partial void PersonaModelFailed(ILogger logger, Exception exception);
}
