using Messaging.Tenancy.Model;

namespace Agent.Rules;

/// <summary>Which rule answers a message, and what each rule tried made of it.</summary>
public sealed record RuleTrial(RuleMatch Match, IReadOnlyList<RuleTrial.Step> Steps)
{
    /// <param name="Similarity">For semantic rules, the cosine similarity to the rule's description.</param>
    /// <param name="Note">Why a rule could not match at all.</param>
    public sealed record Step(ReplyRule Rule, bool Matched, double? Similarity, string? Note);
}
