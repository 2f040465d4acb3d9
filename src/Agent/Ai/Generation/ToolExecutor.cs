using System.Text.Json;
using Agent.Ai.Providers;
using Agent.Ai.Telemetry;
using Microsoft.Extensions.AI;

namespace Agent.Ai.Generation;

/// <summary>
/// Runs the tool calls of one model response. Whatever goes wrong (unknown tool, unreadable
/// or invalid arguments, a failing effect) becomes an error result the model reads and a
/// record on the turn, never an exception; only the caller's cancellation stops the turn.
/// </summary>
internal sealed class ToolExecutor(IReadOnlyList<AIFunction> functions, AiMetrics metrics, ILogger logger, TimeProvider time)
{
    const int SummaryLength = 300;
    const string UnknownToolTag = "unknown";

    readonly Dictionary<string, AIFunction> _functions = functions.ToDictionary(function => function.Name, StringComparer.Ordinal);

    public async Task<(ChatMessage Results, IReadOnlyList<ToolCallRecord> Records)> ExecuteAsync(
        IReadOnlyList<FunctionCallContent> calls, CancellationToken cancellationToken)
    {
        var contents = new List<AIContent>();
        var records = new List<ToolCallRecord>();
        foreach (var call in calls)
        {
            var started = time.GetTimestamp();
            var (result, error) = await InvokeAsync(call, cancellationToken);
            var resultJson = OpenAiChatClient.SerializeResult(result);
            records.Add(new ToolCallRecord(
                call.Name,
                JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
                resultJson.Length <= SummaryLength ? resultJson : resultJson[..SummaryLength] + "...",
                Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1),
                error));
            contents.Add(new FunctionResultContent(call.CallId, result));
            metrics.ToolCalled(_functions.ContainsKey(call.Name) ? call.Name : UnknownToolTag, error is null);
        }
        return (new ChatMessage(ChatRole.Tool, contents), records);
    }

    async Task<(object? Result, string? Error)> InvokeAsync(FunctionCallContent call, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue(call.Name, out var function))
        {
            return Failure($"Unknown tool '{call.Name}'. Available tools: {string.Join(", ", _functions.Keys)}.");
        }
        if (call.Exception is { } unreadable)
        {
            return Failure($"Unreadable arguments for {call.Name}: {unreadable.Message}");
        }
        try
        {
            var result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments ?? new Dictionary<string, object?>()), cancellationToken);
            return (result, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException or InvalidCastException)
        {
            AiLog.ToolRejected(logger, call.Name, e.Message);
            return Failure($"Invalid arguments for {call.Name}: {e.Message}");
        }
        catch (Exception e)
        {
            AiLog.ToolFailed(logger, call.Name, e);
            return Failure($"{call.Name} failed. Tell the customer it could not be done right now and offer a person instead.");
        }
    }

    static (object? Result, string? Error) Failure(string error) =>
        (JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = error }), error);
}
