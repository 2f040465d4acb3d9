using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Messaging.Embeddings;

public static class EmbeddingExtensions
{
    /// <summary>
    /// The offline embedding (<see cref="HybridEmbeddingGenerator"/>: MiniLM with the n-grams at a
    /// small weight), unless another generator was registered first; one model per process, read
    /// on first use.
    /// </summary>
    public static IServiceCollection AddLocalEmbeddings(this IServiceCollection services)
    {
        services.TryAddSingleton<MiniLmEmbeddingGenerator>();
        services.TryAddSingleton<HashedNGramEmbeddingGenerator>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>, HybridEmbeddingGenerator>();
        return services;
    }

    /// <summary>Cosine similarity of two vectors of the same length (1 for identical directions).</summary>
    public static double CosineSimilarity(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (left.Length != right.Length || left.Length == 0)
        {
            return 0;
        }
        double dot = 0, leftNorm = 0, rightNorm = 0;
        for (var i = 0; i < left.Length; i++)
        {
            dot += left[i] * right[i];
            leftNorm += left[i] * left[i];
            rightNorm += right[i] * right[i];
        }
        return leftNorm == 0 || rightNorm == 0 ? 0 : dot / Math.Sqrt(leftNorm * rightNorm);
    }
}
