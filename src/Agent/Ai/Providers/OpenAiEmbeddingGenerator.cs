using Microsoft.Extensions.AI;
using OpenAI.Embeddings;
using AiEmbeddingOptions = Microsoft.Extensions.AI.EmbeddingGenerationOptions;
using OpenAiEmbeddingOptions = OpenAI.Embeddings.EmbeddingGenerationOptions;

namespace Agent.Ai.Providers;

/// <summary><see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the OpenAI SDK's embeddings endpoint.</summary>
public sealed class OpenAiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    readonly EmbeddingClient _client;
    readonly string _model;
    readonly EmbeddingGeneratorMetadata _metadata;

    public OpenAiEmbeddingGenerator(EmbeddingClient client, Uri endpoint, string model)
    {
        _client = client;
        _model = model;
        _metadata = new EmbeddingGeneratorMetadata("openai", endpoint, model);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, AiEmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new OpenAiEmbeddingOptions { Dimensions = options?.Dimensions };
        var collection = (await _client.GenerateEmbeddingsAsync(values, request, cancellationToken)).Value;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(
            collection.OrderBy(embedding => embedding.Index).Select(embedding => new Embedding<float>(embedding.ToFloats()) { ModelId = collection.Model ?? _model }))
        {
            Usage = collection.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokenCount, TotalTokenCount = usage.TotalTokenCount }
                : null,
        };
        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType == typeof(EmbeddingClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
