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
    public async Task<RuleMatch> EvaluateAsync(ReplyConfiguration configuration, string text, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float>? messageEmbedding = null;
        foreach (var rule in configuration.Rules)
        {
            switch (rule.Matcher)
            {
                case KeywordMatcher keyword when KeywordMatching.Matches(keyword, text):
                    return new RuleMatch(rule, IsDefault: false, Similarity: null);
                case SemanticMatcher semantic when !string.IsNullOrWhiteSpace(text):
                    if (!IsCompatible(semantic))
                    {
                        LogIncompatibleEmbedding(logger, rule.Id, semantic.EmbeddingModel, EmbeddingModel);
                        continue;
                    }
                    messageEmbedding ??= await EmbedAsync(text, cancellationToken);
                    var similarity = EmbeddingExtensions.CosineSimilarity(messageEmbedding.Value.Span, semantic.Embedding.Span);
                    if (similarity >= semantic.Threshold)
                    {
                        return new RuleMatch(rule, IsDefault: false, similarity);
                    }
                    break;
            }
        }
        return new RuleMatch(configuration.DefaultRule, IsDefault: true, Similarity: null);
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
