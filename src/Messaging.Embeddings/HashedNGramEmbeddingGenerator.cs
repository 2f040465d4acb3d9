using System.Text;
using Microsoft.Extensions.AI;

namespace Messaging.Embeddings;

/// <summary>
/// The offline embedding: character n-grams (3 to 5) of the lower-cased words, each hashed
/// (FNV-1a, stable across processes and machines) into one of <see cref="Dimensions"/> buckets
/// with a hashed sign, then L2-normalized. Deterministic, so rule descriptions embedded by Admin
/// and messages embedded by Agent land in the same space. Similar spelling, not meaning:
/// good enough for "book / booking / appointment?" style intents, and it needs no network.
/// </summary>
public sealed class HashedNGramEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "hashed-char-ngrams-256-v1";
    public const int Dimensions = 256;

    readonly EmbeddingGeneratorMetadata _metadata = new("messaging-local", null, ModelId, Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            embeddings.Add(new Embedding<float>(Embed(value)) { ModelId = ModelId });
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
    }

    internal static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in Words(text))
        {
            var padded = " " + word + " ";
            for (var length = 3; length <= 5; length++)
            {
                for (var start = 0; start + length <= padded.Length; start++)
                {
                    var hash = Fnv1a(padded.AsSpan(start, length));
                    vector[hash % Dimensions] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
                }
            }
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
        return vector;
    }

    static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    static uint Fnv1a(ReadOnlySpan<char> chars)
    {
        var hash = 2166136261u;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
