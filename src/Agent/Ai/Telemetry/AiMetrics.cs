using System.Diagnostics.Metrics;

namespace Agent.Ai.Telemetry;

/// <summary>The "Messaging.Agent.Ai" meter: generations, tokens, tool calls and failures, tagged by provider mode.</summary>
public sealed class AiMetrics
{
    public const string MeterName = "Messaging.Agent.Ai";

    readonly Counter<long> _generations;
    readonly Counter<long> _tokens;
    readonly Counter<long> _toolCalls;
    readonly Counter<long> _failures;
    readonly Counter<long> _flagged;
    readonly Histogram<double> _duration;

    public AiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _generations = meter.CreateCounter<long>("agent.ai.generations", "{generation}", "Replies generated.");
        _tokens = meter.CreateCounter<long>("agent.ai.tokens", "{token}", "Tokens used by generations, by direction (input, output).");
        _toolCalls = meter.CreateCounter<long>("agent.ai.tool_calls", "{call}", "Tool calls requested by the model, by tool and outcome.");
        _failures = meter.CreateCounter<long>("agent.ai.failures", "{generation}", "Generations that produced no reply, by reason.");
        _flagged = meter.CreateCounter<long>("agent.ai.injection_flags", "{message}", "Messages the prompt-injection scanner flagged.");
        _duration = meter.CreateHistogram<double>("agent.ai.generation.duration", "s", "Time to generate a reply, tool calls included.");
    }

    public void Generated(string mode, long inputTokens, long outputTokens, TimeSpan elapsed)
    {
        var modeTag = new KeyValuePair<string, object?>("mode", mode);
        _generations.Add(1, modeTag);
        _tokens.Add(inputTokens, modeTag, new KeyValuePair<string, object?>("direction", "input"));
        _tokens.Add(outputTokens, modeTag, new KeyValuePair<string, object?>("direction", "output"));
        _duration.Record(elapsed.TotalSeconds, modeTag);
    }

    public void ToolCalled(string tool, bool succeeded) =>
        _toolCalls.Add(1, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "error"));

    public void Failed(string mode, string reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("mode", mode), new KeyValuePair<string, object?>("reason", reason));

    public void Flagged() => _flagged.Add(1);
}
