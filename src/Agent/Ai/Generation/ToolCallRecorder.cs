using System.Diagnostics;
using System.Text.Json;
using Agent.Ai.Telemetry;
using Microsoft.SemanticKernel;
using AiFunctionCall = Microsoft.Extensions.AI.FunctionCallContent;
using AiFunctionResult = Microsoft.Extensions.AI.FunctionResultContent;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Agent.Ai.Generation;

/// <summary>
/// The kernel's auto-invocation filter for one generation: every tool call the model asks for
/// is recorded (arguments, a short form of the result or the error, duration) for the turn
/// timeline; a failing tool becomes an error result the model reads, never an exception; and
/// after <see cref="AiOptions.MaxToolRounds"/> rounds of tools the loop is ended so the model
/// must answer.
/// </summary>
public sealed class ToolCallRecorder(int maxRounds, AiMetrics metrics, ILogger logger) : IAutoFunctionInvocationFilter
{
    const int SummaryLength = 300;
    const string UnknownToolTag = "unknown";

    readonly List<(string? CallId, ToolCallRecord Record)> _records = [];
    readonly HashSet<string> _recordedCallIds = new(StringComparer.Ordinal);

    public IReadOnlyList<ToolCallRecord> Records => [.. _records.Select(entry => entry.Record)];

    /// <summary>True when the rounds ran out: the model still has to write its answer, without tools.</summary>
    public bool Exhausted { get; private set; }

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (context.RequestSequenceIndex >= maxRounds)
        {
            Exhausted = true;
            context.Terminate = true;
            // Not run, so not on the timeline: the model answers without it.
            _recordedCallIds.Add(context.ToolCallId ?? "");
            AiLog.ToolRoundsExhausted(logger, maxRounds);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var inner = e is KernelException { InnerException: { } cause } ? cause : e;
            if (inner is ArgumentException or JsonException or FormatException or InvalidCastException)
            {
                AiLog.ToolRejected(logger, context.Function.Name, inner.Message);
                error = $"Invalid arguments for {context.Function.Name}: {inner.Message}";
            }
            else
            {
                AiLog.ToolFailed(logger, context.Function.Name, e);
                error = $"{context.Function.Name} failed. Tell the customer it could not be done right now and offer a person instead.";
            }
            context.Result = new FunctionResult(context.Function, new Dictionary<string, string> { ["error"] = error });
        }
        if (context.RequestSequenceIndex >= maxRounds - 1 && context.FunctionSequenceIndex == context.FunctionCount - 1)
        {
            // The last round's tools ran: the model answers next, with no tools.
            Exhausted = true;
            context.Terminate = true;
            AiLog.ToolRoundsExhausted(logger, maxRounds);
        }
        var arguments = context.Arguments?.ToDictionary(pair => pair.Key, pair => pair.Value) ?? [];
        Record(context.ToolCallId, context.Function.Name, context.Function.Name, JsonSerializer.Serialize(arguments, JsonSerializerOptions.Web),
            Summarize(ToolResultJson.Serialize(context.Result.GetValue<object>())), Stopwatch.GetElapsedTime(started).TotalMilliseconds, error);
    }

    /// <summary>
    /// Calls the kernel never ran (a tool that does not exist, arguments that are not JSON): the
    /// function-invoking client answered the model with an error, and the timeline shows it too.
    /// </summary>
    public void RecordUnhandled(IEnumerable<ChatMessage> messages)
    {
        var all = messages.ToList();
        var order = all.SelectMany(message => message.Contents).OfType<AiFunctionCall>().Select((call, index) => (call.CallId, index))
            .GroupBy(pair => pair.CallId).ToDictionary(group => group.Key, group => group.First().index, StringComparer.Ordinal);
        var results = all.SelectMany(message => message.Contents).OfType<AiFunctionResult>()
            .GroupBy(result => result.CallId).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        foreach (var call in all.SelectMany(message => message.Contents).OfType<AiFunctionCall>())
        {
            if (_recordedCallIds.Contains(call.CallId) || !results.TryGetValue(call.CallId, out var result))
            {
                continue;
            }
            var error = call.Exception?.Message ?? result.Exception?.Message ?? ToolResultJson.Serialize(result.Result);
            Record(call.CallId, call.Name, UnknownToolTag, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), JsonSerializerOptions.Web),
                Summarize(error), 0, Summarize(error));
        }
        // The timeline lists calls in the order the model made them.
        var sorted = _records.OrderBy(entry => entry.CallId is not null && order.TryGetValue(entry.CallId, out var index) ? index : int.MaxValue).ToList();
        _records.Clear();
        _records.AddRange(sorted);
    }

    void Record(string? callId, string name, string metricTag, string arguments, string result, double durationMs, string? error)
    {
        if (callId is not null && !_recordedCallIds.Add(callId))
        {
            return;
        }
        metrics.ToolCalled(metricTag, error is null);
        _records.Add((callId, new ToolCallRecord(name, arguments, result, Math.Round(durationMs, 1), error)));
    }

    static string Summarize(string text) => text.Length <= SummaryLength ? text : text[..SummaryLength] + "...";
}
