namespace Messaging.Tenancy.Model;

/// <summary>
/// A reply configuration of the workspace, used by one or several of its channels: rules are
/// tried in order, the first match wins, and <see cref="DefaultRule"/> answers everything else.
/// </summary>
public sealed record ReplyConfiguration(
    string Id,
    bool Enabled,
    int WaitSeconds,
    IReadOnlyList<ReplyRule> Rules,
    ReplyRule DefaultRule,
    long Version);

/// <summary>A rule; the default rule has no matcher.</summary>
public sealed record ReplyRule(string Id, string Label, RuleMatcher? Matcher, RuleResponse Response);

public abstract record RuleMatcher;

/// <summary>Any of <see cref="Keywords"/>, case-insensitive.</summary>
public sealed record KeywordMatcher(IReadOnlyList<string> Keywords, KeywordMode Mode) : RuleMatcher;

/// <summary>
/// Cosine similarity between the message's embedding and <see cref="Embedding"/> (the
/// description's, computed when the rule was saved by <see cref="EmbeddingModel"/>) of at least <see cref="Threshold"/>.
/// </summary>
public sealed record SemanticMatcher(string Description, double Threshold, ReadOnlyMemory<float> Embedding, string EmbeddingModel) : RuleMatcher;

public abstract record RuleResponse;

/// <summary>Sent verbatim: no AI, no credit.</summary>
public sealed record CannedResponse(string Text) : RuleResponse;

/// <summary>Appended to the persona prompt for an AI reply: one credit.</summary>
public sealed record AiResponse(string Prompt) : RuleResponse;
