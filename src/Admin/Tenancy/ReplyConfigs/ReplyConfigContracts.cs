namespace Admin.Tenancy.ReplyConfigs;

/// <summary>
/// The whole reply configuration (of every channel that uses it); saving it replaces the rule
/// list at once. <see cref="Name"/> is what the console calls it; null keeps the current one.
/// </summary>
public sealed record ReplyConfigRequest(bool? Enabled, int? WaitSeconds, IReadOnlyList<RuleRequest?>? Rules, RuleRequest? DefaultRule, string? Name = null);

/// <summary>Which configuration a channel answers with: another one of its workspace.</summary>
public sealed record ReplyConfigLinkRequest(string? ReplyConfigId);

public sealed record RuleRequest(string? Id, string? Label, MatcherRequest? Matcher, ResponseRequest? Response);

/// <summary>type "keyword" (keywords, mode "whole_word" | "substring") or "semantic" (description, threshold 0..1).</summary>
public sealed record MatcherRequest(string? Type, IReadOnlyList<string?>? Keywords, string? Mode, string? Description, double? Threshold);

/// <summary>type "canned" (text, sent verbatim) or "ai" (prompt, appended to the persona).</summary>
public sealed record ResponseRequest(string? Type, string? Text, string? Prompt);

/// <summary>A configuration and the channels that answer with it.</summary>
public sealed record ReplyConfigResponse(
    string Id,
    string Name,
    IReadOnlyList<string> ChannelIds,
    bool Enabled,
    int WaitSeconds,
    IReadOnlyList<RuleView> Rules,
    RuleView DefaultRule,
    long Version,
    DateTimeOffset UpdatedAt);

public sealed record RuleView(string Id, string Label, MatcherView? Matcher, ResponseView Response);

/// <summary>For semantic matchers, embeddingModel names what embedded the description when the rule was saved.</summary>
public sealed record MatcherView(string Type, IReadOnlyList<string>? Keywords, string? Mode, string? Description, double? Threshold, string? EmbeddingModel);

public sealed record ResponseView(string Type, string? Text, string? Prompt);
