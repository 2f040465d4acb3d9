using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Embeddings.Tests;

/// <summary>The offline embedding: all-MiniLM-L6-v2 from its NuGet package, with the n-grams at a small weight.</summary>
public sealed class OfflineEmbeddingTests : IDisposable
{
    readonly MiniLmEmbeddingGenerator _miniLm = new();
    readonly HashedNGramEmbeddingGenerator _ngrams = new();

    public void Dispose()
    {
        _miniLm.Dispose();
        _ngrams.Dispose();
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static double Cosine(GeneratedEmbeddings<Embedding<float>> vectors, int left, int right) =>
        EmbeddingExtensions.CosineSimilarity(vectors[left].Vector.Span, vectors[right].Vector.Span);

    [Fact]
    public async Task MiniLm_matches_by_meaning_where_no_word_is_shared()
    {
        var vectors = await _miniLm.GenerateAsync(["I would like to reserve a table", "Can we book somewhere to eat tonight?", "Is there parking nearby?"], cancellationToken: Ct);

        Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, vectors[0].Vector.Length);
        Assert.Equal(MiniLmEmbeddingGenerator.ModelId, vectors[0].ModelId);
        Assert.True(Cosine(vectors, 0, 1) > Cosine(vectors, 0, 2), $"{Cosine(vectors, 0, 1)} vs {Cosine(vectors, 0, 2)}");
    }

    [Fact]
    public async Task The_hybrid_similarity_is_the_documented_blend_of_both_similarities()
    {
        using var hybrid = new HybridEmbeddingGenerator(_miniLm, _ngrams);
        string[] texts = ["Posso remarcar a minha marcação?", "I would like to move my appointment. Remarcar uma marcação."];

        var blended = Cosine(await hybrid.GenerateAsync(texts, cancellationToken: Ct), 0, 1);

        var meaning = Cosine(await _miniLm.GenerateAsync(texts, cancellationToken: Ct), 0, 1);
        var spelling = Cosine(await _ngrams.GenerateAsync(texts, cancellationToken: Ct), 0, 1);
        Assert.Equal((1 - HybridEmbeddingGenerator.LexicalWeight) * meaning + HybridEmbeddingGenerator.LexicalWeight * spelling, blended, 4);
    }

    [Fact]
    public void The_registered_offline_embedding_is_the_hybrid()
    {
        using var provider = new ServiceCollection().AddLocalEmbeddings().BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.IsType<HybridEmbeddingGenerator>(generator);
        Assert.Equal(HybridEmbeddingGenerator.ModelId, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }
}
