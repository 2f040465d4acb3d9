using Agent.Ai.Embeddings;
using Agent.Rules;
using Agent.Tests.Infrastructure;
using Messaging.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent.Tests.Rules;

public sealed class ReplyRuleEvaluatorTests
{
    static readonly ReplyRule Prices = FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "price", "prices");
    static readonly ReplyRule Booking = FakeTenancy.Semantic("Booking", "book a table reservation booking", 0.35, new AiResponse("Help the customer book a table."));
    static readonly ReplyRule Default = new("default", "Default", null, new CannedResponse("We will get back to you."));

    static readonly ReplyRuleEvaluator Evaluator = new(FakeTenancy.Embeddings, new TextEmbeddingCache(), NullLogger<ReplyRuleEvaluator>.Instance);

    static ReplyConfiguration Configuration(params ReplyRule[] rules) => new("channel", true, 0, rules, Default, 1);

    [Fact]
    public async Task The_first_matching_rule_wins()
    {
        var alsoPrices = FakeTenancy.Keyword("Prices again", "second", KeywordMode.Substring, "price");
        var match = await Evaluator.EvaluateAsync(Configuration(Prices, alsoPrices), "what are your prices", TestContext.Current.CancellationToken);
        Assert.Same(Prices, match.Rule);
        Assert.False(match.IsDefault);
    }

    [Fact]
    public async Task A_semantic_rule_matches_a_message_close_to_its_description()
    {
        var match = await Evaluator.EvaluateAsync(Configuration(Prices, Booking), "can I make a booking for a table tonight?", TestContext.Current.CancellationToken);
        Assert.Same(Booking, match.Rule);
        Assert.NotNull(match.Similarity);
    }

    [Fact]
    public async Task Nothing_matching_falls_to_the_default_rule()
    {
        var match = await Evaluator.EvaluateAsync(Configuration(Prices, Booking), "my parcel never arrived", TestContext.Current.CancellationToken);
        Assert.Same(Default, match.Rule);
        Assert.True(match.IsDefault);
    }

    [Fact]
    public async Task A_rule_saved_with_the_former_offline_model_is_embedded_again_with_the_current_one()
    {
        // Saved before the upgrade: an n-gram vector, which would compare with a MiniLM vector at random.
        using var ngrams = new HashedNGramEmbeddingGenerator();
        var saved = (await ngrams.GenerateAsync(["I would like to book a table for tonight"], cancellationToken: TestContext.Current.CancellationToken))[0].Vector;
        var upgraded = new ReplyRule("booking", "Booking",
            new SemanticMatcher("I would like to book a table for tonight", 0.6, saved, HashedNGramEmbeddingGenerator.ModelId), new CannedResponse("x"));

        var trial = await Evaluator.TryAsync(Configuration(upgraded), "Could we reserve a table for tonight?", stopAtMatch: false, TestContext.Current.CancellationToken);

        var step = Assert.Single(trial.Steps);
        Assert.True(step.Matched, $"similarity {step.Similarity}");
        Assert.Contains(HybridEmbeddingGenerator.ModelId, step.Note, StringComparison.Ordinal);
        var current = await FakeTenancy.Embeddings.GenerateAsync(["Could we reserve a table for tonight?", "I would like to book a table for tonight"], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(EmbeddingExtensions.CosineSimilarity(current[0].Vector.Span, current[1].Vector.Span), step.Similarity!.Value, 5);
    }
}
