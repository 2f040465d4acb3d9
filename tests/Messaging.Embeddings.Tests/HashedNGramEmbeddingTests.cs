using Microsoft.Extensions.AI;

namespace Messaging.Embeddings.Tests;

public sealed class HashedNGramEmbeddingTests : IDisposable
{
    readonly HashedNGramEmbeddingGenerator _generator = new();

    public void Dispose() => _generator.Dispose();

    async Task<float[]> EmbedAsync(string text) =>
        (await _generator.GenerateAsync([text], cancellationToken: TestContext.Current.CancellationToken))[0].Vector.ToArray();

    [Fact]
    public async Task The_same_text_always_gets_the_same_unit_vector()
    {
        var first = await EmbedAsync("I would like to book an appointment");
        var second = await EmbedAsync("I would like to book an appointment");

        Assert.Equal(HashedNGramEmbeddingGenerator.Dimensions, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(1.0, Math.Sqrt(first.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public async Task Related_wording_is_closer_than_unrelated_wording()
    {
        var intent = await EmbedAsync("the customer wants to book an appointment");
        var related = await EmbedAsync("Can I book an appointment for tomorrow?");
        var unrelated = await EmbedAsync("Where do you park the bicycles?");

        Assert.True(EmbeddingExtensions.CosineSimilarity(intent, related) > EmbeddingExtensions.CosineSimilarity(intent, unrelated));
    }

    [Fact]
    public void Metadata_names_the_offline_model()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(HashedNGramEmbeddingGenerator.ModelId, metadata?.DefaultModelId);
        Assert.Equal(HashedNGramEmbeddingGenerator.Dimensions, metadata?.DefaultModelDimensions);
    }

    [Fact]
    public async Task Empty_text_is_a_zero_vector_not_a_crash()
    {
        Assert.All(await EmbedAsync("  !? "), value => Assert.Equal(0f, value));
    }
}
