using Microsoft.Extensions.AI;

namespace Messaging.Embeddings;

/// <summary>
/// The offline embedding: all-MiniLM-L6-v2 for meaning, with the hashed character n-grams kept
/// at a small weight for what an English sentence model cannot see: spelling shared across
/// languages (the model reads Portuguese or Dutch as unknown word pieces) and names it never
/// learned (product and place names). Each part is unit length and scaled by the square root of
/// its weight, then the two are concatenated, so the cosine of two such vectors is exactly
/// <c>(1 - w) * cos(MiniLM) + w * cos(n-grams)</c> with w = <see cref="LexicalWeight"/>: one
/// vector per text, stored and compared like any other embedding.
/// </summary>
public sealed class HybridEmbeddingGenerator(MiniLmEmbeddingGenerator semantic, HashedNGramEmbeddingGenerator lexical)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Weight of the n-grams in the similarity (bench/RESULTS.md, Eval: the share that helped, measured).</summary>
    public const double LexicalWeight = 0.2;

    /// <summary>The parts and the weight: a change of any of them changes every vector.</summary>
    public const string ModelId = MiniLmEmbeddingGenerator.ModelId + "+" + HashedNGramEmbeddingGenerator.ModelId + "@0.2";
    public const int Dimensions = MiniLmEmbeddingGenerator.Dimensions + HashedNGramEmbeddingGenerator.Dimensions;

    static readonly float SemanticScale = (float)Math.Sqrt(1 - LexicalWeight);
    static readonly float LexicalScale = (float)Math.Sqrt(LexicalWeight);

    readonly EmbeddingGeneratorMetadata _metadata = new("messaging-local", null, ModelId, Dimensions);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var meanings = await semantic.GenerateAsync(texts, options, cancellationToken);
        var spellings = await lexical.GenerateAsync(texts, options, cancellationToken);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = new float[Dimensions];
            Write(meanings[i].Vector.Span, SemanticScale, vector.AsSpan(0, MiniLmEmbeddingGenerator.Dimensions));
            Write(spellings[i].Vector.Span, LexicalScale, vector.AsSpan(MiniLmEmbeddingGenerator.Dimensions));
            embeddings.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }
        return embeddings;
    }

    /// <summary>The part as a unit vector times its scale; a zero vector (no words) stays zero.</summary>
    static void Write(ReadOnlySpan<float> part, float scale, Span<float> target)
    {
        double norm = 0;
        foreach (var value in part)
        {
            norm += value * value;
        }
        if (norm == 0)
        {
            return;
        }
        var factor = scale / (float)Math.Sqrt(norm);
        for (var i = 0; i < part.Length; i++)
        {
            target[i] = part[i] * factor;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>The parts are singletons of their own.</summary>
    public void Dispose()
    {
    }
}
