using Agent.Rules;
using Agent.Tests.Infrastructure;
using Messaging.Tenancy.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent.Tests.Rules;

public sealed class ReplyRuleEvaluatorTests
{
    static readonly ReplyRule Prices = FakeTenancy.Keyword("Prices", "Coffee is 3 EUR.", KeywordMode.WholeWord, "price", "prices");
    static readonly ReplyRule Booking = FakeTenancy.Semantic("Booking", "book a table reservation booking", 0.35, new AiResponse("Help the customer book a table."));
    static readonly ReplyRule Default = new("default", "Default", null, new CannedResponse("We will get back to you."));

    static readonly ReplyRuleEvaluator Evaluator = new(new HashedNGramEmbeddingGenerator(), NullLogger<ReplyRuleEvaluator>.Instance);

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
    public async Task A_rule_embedded_by_another_model_is_skipped()
    {
        var foreign = new ReplyRule("foreign", "Foreign", new SemanticMatcher("book a table", 0.0, FakeTenancy.Embed("book a table"), "text-embedding-3-small"), new CannedResponse("x"));
        var match = await Evaluator.EvaluateAsync(Configuration(foreign), "book a table", TestContext.Current.CancellationToken);
        Assert.True(match.IsDefault);
    }
}
