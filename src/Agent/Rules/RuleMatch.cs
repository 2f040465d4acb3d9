using Messaging.Tenancy.Model;

namespace Agent.Rules;

/// <summary>The rule that answers a message; <see cref="Similarity"/> is set for semantic matches.</summary>
public sealed record RuleMatch(ReplyRule Rule, bool IsDefault, double? Similarity);

