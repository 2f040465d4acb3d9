using System.Diagnostics;
using System.Globalization;
using Agent.Ai;
using Agent.Ai.Embeddings;
using Agent.Ai.Generation;
using Agent.Ai.Tools;
using Agent.Rules;
using Messaging.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eval;

/// <summary>How one embedding did: rule matching (keyword and semantic rules in order, as the Agent matches) and knowledge search (the expected entry first).</summary>
internal sealed record EmbeddingScore(string Model, Rate Rules, Rate Knowledge, double? BestSemanticThreshold, Rate? RulesAtBestThreshold, IReadOnlyList<string> Misses);

/// <summary>A hit count out of a total.</summary>
internal sealed record Rate(int Hits, int Total)
{
    public double Share => Total == 0 ? 0 : (double)Hits / Total;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hits}/{Total} ({Share:P0})");
}

internal sealed record EvaluationReport(int Cases, IReadOnlyList<EmbeddingScore> Embeddings, Rate OfflineAnswers, IReadOnlyList<string> AnswerMisses, ModelTiming Timing);

/// <summary>What the offline model costs: reading it on the first embedding, then one message at a time (the median over the set).</summary>
internal sealed record ModelTiming(double FirstEmbeddingMs, double MedianMessageMs);

/// <summary>
/// Runs the evaluation set: the rule matcher and knowledge search with each offline embedding
/// (the product's: all-MiniLM-L6-v2 with the n-grams at a small weight; in the full run also the
/// hashed character n-grams alone, the former default, at the threshold the demo had for them, and
/// MiniLM alone, with the semantic threshold swept for both MiniLM variants), and the offline
/// responder's answers through the real kernel, plugins and filter (right tool called, expected
/// facts in the reply).
/// </summary>
internal sealed class Evaluation(EvaluationSet set)
{
    /// <summary>The semantic threshold the demo's rules had while the n-grams were the offline embedding.</summary>
    public const double NGramThreshold = 0.35;

    static readonly double[] Thresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

    public async Task<EvaluationReport> RunAsync(bool quick, CancellationToken cancellationToken)
    {
        var scores = new List<EmbeddingScore>();
        using var hashed = new HashedNGramEmbeddingGenerator();
        using var miniLm = new MiniLmEmbeddingGenerator();
        using var hybrid = new HybridEmbeddingGenerator(miniLm, hashed);
        var timing = await TimeAsync(hybrid, cancellationToken);
        if (!quick)
        {
            scores.Add(await ScoreAsync(hashed, HashedNGramEmbeddingGenerator.ModelId, NGramThreshold, sweep: false, cancellationToken));
            scores.Add(await ScoreAsync(miniLm, MiniLmEmbeddingGenerator.ModelId, null, sweep: true, cancellationToken));
        }
        scores.Add(await ScoreAsync(hybrid, HybridEmbeddingGenerator.ModelId, null, sweep: !quick, cancellationToken));
        var (answers, misses) = await AnswerAsync(cancellationToken);
        return new EvaluationReport(set.Cases.Count, scores, answers, misses, timing);
    }

    async Task<ModelTiming> TimeAsync(HybridEmbeddingGenerator embeddings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await embeddings.GenerateAsync([set.Cases[0].Message], cancellationToken: cancellationToken);
        var first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var each = new List<double>();
        foreach (var evaluationCase in set.Cases)
        {
            started = Stopwatch.GetTimestamp();
            await embeddings.GenerateAsync([evaluationCase.Message], cancellationToken: cancellationToken);
            each.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        each.Sort();
        return new ModelTiming(first, each[each.Count / 2]);
    }

    /// <param name="threshold">One threshold for every semantic rule, or null for the ones the set's rules have (the demo's).</param>
    async Task<EmbeddingScore> ScoreAsync(IEmbeddingGenerator<string, Embedding<float>> embeddings, string model, double? threshold, bool sweep, CancellationToken cancellationToken)
    {
        var misses = new List<string>();
        var rules = await RuleHitsAsync(embeddings, model, threshold, misses, cancellationToken);
        double? best = null;
        Rate? atBest = null;
        if (sweep)
        {
            foreach (var candidate in Thresholds)
            {
                var rate = await RuleHitsAsync(embeddings, model, candidate, null, cancellationToken);
                if (atBest is null || rate.Hits > atBest.Hits)
                {
                    (best, atBest) = (candidate, rate);
                }
            }
        }

        using var cache = new TextEmbeddingCache();
        var search = new KnowledgeSearch(cache);
        var knowledgeHits = 0;
        var knowledgeCases = set.Cases.Where(c => c.Knowledge is not null).ToList();
        foreach (var evaluationCase in knowledgeCases)
        {
            var matches = await search.SearchAsync(set.Business(evaluationCase.Business).Entries, embeddings, evaluationCase.Message, KnowledgeSearch.DefaultTop, cancellationToken);
            var first = matches.Count > 0 ? matches[0].Title : null;
            if (first == evaluationCase.Knowledge)
            {
                knowledgeHits++;
            }
            else
            {
                misses.Add($"knowledge [{model}] \"{evaluationCase.Message}\": expected {evaluationCase.Knowledge}, got {first ?? "nothing"}");
            }
        }
        return new EmbeddingScore(model, rules, new Rate(knowledgeHits, knowledgeCases.Count), best, atBest, misses);
    }

    /// <summary>The rule each message gets, with the business's thresholds or one <paramref name="threshold"/> for every semantic rule.</summary>
    async Task<Rate> RuleHitsAsync(IEmbeddingGenerator<string, Embedding<float>> embeddings, string model, double? threshold, List<string>? misses, CancellationToken cancellationToken)
    {
        using var cache = new TextEmbeddingCache();
        var evaluator = new ReplyRuleEvaluator(embeddings, cache, NullLogger<ReplyRuleEvaluator>.Instance);
        var configurations = new Dictionary<string, ReplyConfiguration>(StringComparer.Ordinal);
        foreach (var business in set.Businesses)
        {
            var rules = new List<ReplyRule>();
            foreach (var rule in business.Rules)
            {
                RuleMatcher matcher = rule.IsSemantic
                    ? new SemanticMatcher(rule.Description!, threshold ?? rule.Threshold ?? 0.5, (await embeddings.GenerateAsync([rule.Description!], cancellationToken: cancellationToken))[0].Vector, model)
                    : new KeywordMatcher(rule.Keywords ?? [], rule.Mode == "substring" ? KeywordMode.Substring : KeywordMode.WholeWord);
                rules.Add(new ReplyRule(rule.Id, rule.Id, matcher, new CannedResponse(rule.Id)));
            }
            configurations[business.Id] = new ReplyConfiguration(business.Id, true, 0, rules, new ReplyRule("default", "default", null, new CannedResponse("default")), 1);
        }
        var hits = 0;
        foreach (var evaluationCase in set.Cases)
        {
            var trial = await evaluator.TryAsync(configurations[evaluationCase.Business], evaluationCase.Message, stopAtMatch: false, cancellationToken);
            if (trial.Match.Rule.Id == evaluationCase.Rule)
            {
                hits++;
            }
            else
            {
                var similarities = string.Join(", ", trial.Steps.Where(step => step.Similarity is not null)
                    .Select(step => string.Create(CultureInfo.InvariantCulture, $"{step.Rule.Id} {step.Similarity:0.00}/{((SemanticMatcher)step.Rule.Matcher!).Threshold:0.00}")));
                misses?.Add($"rule [{model}] \"{evaluationCase.Message}\": expected {evaluationCase.Rule}, got {trial.Match.Rule.Id} ({similarities})");
            }
        }
        return new Rate(hits, set.Cases.Count);
    }

    /// <summary>The offline responder on the real kernel: the expected tool among its calls and every expected fact in its reply.</summary>
    async Task<(Rate Answers, IReadOnlyList<string> Misses)> AnswerAsync(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAgentAi(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IReplyGenerator>();
        var misses = new List<string>();
        var hits = 0;
        var answered = set.Cases.Where(c => c.ChecksAnswer).ToList();
        foreach (var evaluationCase in answered)
        {
            var business = set.Business(evaluationCase.Business);
            var workspace = new TenantWorkspace(business.Id, business.Name, business.Id, business.TimeZone, business.BusinessHours,
                new RetentionPolicy(RetentionMode.Full, 30), null, new WorkspacePersona($"You are the assistant of {business.Name}.", PersonaSafety.Approved, null, 1),
                business.Entries, [], AiSettings.Offline, [], new Dictionary<string, ReplyConfiguration>(), 1);
            var result = await generator.GenerateAsync(
                new GenerationRequest(workspace, null, [], "Ana", evaluationCase.Message, new EffectsLog()), cancellationToken);
            var toolOk = evaluationCase.Tool is null || result.ToolCalls.Any(call => call.Name == evaluationCase.Tool && call.Error is null);
            var missingFacts = evaluationCase.Facts.Where(fact => !result.Reply.Contains(fact, StringComparison.OrdinalIgnoreCase)).ToList();
            if (toolOk && missingFacts.Count == 0)
            {
                hits++;
            }
            else
            {
                misses.Add($"answer \"{evaluationCase.Message}\": {(toolOk ? "" : $"no {evaluationCase.Tool} call; ")}{(missingFacts.Count == 0 ? "" : $"missing {string.Join(", ", missingFacts)}; ")}reply: {result.Reply}");
            }
        }
        return (new Rate(hits, answered.Count), misses);
    }

    /// <summary>The conversation's side of the tools, kept in memory: the evaluation has no conversation store.</summary>
    sealed class EffectsLog : IConversationActions
    {
        public Task<bool> CaptureLeadAsync(LeadDetails lead, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task RequestHumanAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
