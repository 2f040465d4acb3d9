using Agent.Ai.Embeddings;
using Messaging.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.AI;

namespace Agent.Rules;

/// <summary>
/// Ordered rules, first match wins, the default rule answers
/// everything else. The message is embedded at most once, and only when a semantic rule is
/// reached; rule embeddings were computed when the rule was saved. A rule saved with another
/// embedding model (before an upgrade of the offline model) has its description embedded again
/// with the current one on first use, once per process (<see cref="TextEmbeddingCache"/>): a
/// vector from another model lives in another space, and comparing them would match at random.
/// </summary>
public sealed partial class ReplyRuleEvaluator(
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TextEmbeddingCache cache,
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
                case SemanticMatcher semantic:
                    messageEmbedding ??= await EmbedAsync(text, cancellationToken);
                    var (ruleEmbedding, note) = await RuleEmbeddingAsync(rule, semantic, cancellationToken);
                    var similarity = EmbeddingExtensions.CosineSimilarity(messageEmbedding.Value.Span, ruleEmbedding.Span);
                    step = new(rule, similarity >= semantic.Threshold, similarity, note);
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

    string EmbeddingModel => embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? embeddings.GetType().Name;

    /// <summary>The saved vector when the current model made it; otherwise the description embedded again now.</summary>
    async Task<(ReadOnlyMemory<float> Embedding, string? Note)> RuleEmbeddingAsync(ReplyRule rule, SemanticMatcher matcher, CancellationToken cancellationToken)
    {
        var model = EmbeddingModel;
        if (matcher.Embedding.Length > 0 && string.Equals(matcher.EmbeddingModel, model, StringComparison.Ordinal))
        {
            return (matcher.Embedding, null);
        }
        var (vectors, generated) = await cache.GetAsync(embeddings, model, [matcher.Description], cancellationToken);
        if (generated > 0)
        {
            LogReembedded(logger, rule.Id, matcher.EmbeddingModel, model);
        }
        return (vectors[0], $"saved with {matcher.EmbeddingModel}: its description was embedded again with {model}");
    }

    async Task<ReadOnlyMemory<float>> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var generated = await embeddings.GenerateAsync([text], cancellationToken: cancellationToken);
        return generated[0].Vector;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Semantic rule {RuleId} was saved with {RuleModel}; its description is embedded again with {MessageModel}")]
    static partial void LogReembedded(ILogger logger, string ruleId, string ruleModel, string messageModel);
}
