using Messaging.Tenancy.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.AI;

namespace Agent.Rules;

/// <summary>
/// Ordered rules, first match wins, the default rule answers
/// everything else. The message is embedded at most once, and only when a semantic rule is
/// reached; rule embeddings were computed when the rule was saved.
/// </summary>
public sealed partial class ReplyRuleEvaluator(
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ILogger<ReplyRuleEvaluator> logger)
{
    public async Task<RuleMatch> EvaluateAsync(ReplyConfiguration configuration, string text, CancellationToken cancellationToken) =>
        (await TryAsync(configuration, text, stopAtMatch: true, cancellationToken)).Match;

    /// <summary>
    /// What each rule makes of <paramref name="text"/>, in order, and which one answers: the same
    /// evaluation as a real turn, for the console's "try a message". With
    /// <paramref name="stopAtMatch"/> the rules after the first match are not looked at.
    /// </summary>
    public async Task<RuleTrial> TryAsync(ReplyConfiguration configuration, string text, bool stopAtMatch, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float>? messageEmbedding = null;
        var steps = new List<RuleTrial.Step>();
        RuleMatch? match = null;
        foreach (var rule in configuration.Rules)
        {
            RuleTrial.Step step;
            switch (rule.Matcher)
            {
                case KeywordMatcher keyword:
                    step = new(rule, KeywordMatching.Matches(keyword, text), null, null);
                    break;
                case SemanticMatcher semantic when string.IsNullOrWhiteSpace(text):
                    step = new(rule, false, null, "an empty message matches no description");
                    break;
                case SemanticMatcher semantic when !IsCompatible(semantic):
                    LogIncompatibleEmbedding(logger, rule.Id, semantic.EmbeddingModel, EmbeddingModel);
                    step = new(rule, false, null, $"skipped: embedded with {semantic.EmbeddingModel}, messages are embedded with {EmbeddingModel}; save the rule again");
                    break;
                case SemanticMatcher semantic:
                    messageEmbedding ??= await EmbedAsync(text, cancellationToken);
                    var similarity = EmbeddingExtensions.CosineSimilarity(messageEmbedding.Value.Span, semantic.Embedding.Span);
                    step = new(rule, similarity >= semantic.Threshold, similarity, null);
                    break;
                default:
                    step = new(rule, false, null, "no matcher");
                    break;
            }
            steps.Add(step);
            if (step.Matched && match is null)
            {
                match = new RuleMatch(rule, IsDefault: false, step.Similarity);
                if (stopAtMatch)
                {
                    break;
                }
            }
        }
        return new RuleTrial(match ?? new RuleMatch(configuration.DefaultRule, IsDefault: true, Similarity: null), steps);
    }

    string? EmbeddingModel => embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;

    // A vector from another model lives in another space: comparing them would match at random.
    bool IsCompatible(SemanticMatcher matcher) =>
        matcher.Embedding.Length > 0 && (EmbeddingModel is null || string.Equals(matcher.EmbeddingModel, EmbeddingModel, StringComparison.Ordinal));

    async Task<ReadOnlyMemory<float>> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var generated = await embeddings.GenerateAsync([text], cancellationToken: cancellationToken);
        return generated[0].Vector;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Semantic rule {RuleId} was embedded with {RuleModel}, messages are embedded with {MessageModel}: the rule is skipped until it is saved again")]
    static partial void LogIncompatibleEmbedding(ILogger logger, string ruleId, string ruleModel, string? messageModel);
}
