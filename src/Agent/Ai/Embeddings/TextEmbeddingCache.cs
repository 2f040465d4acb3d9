using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;

namespace Agent.Ai.Tools;

/// <summary>
/// Embeddings of knowledge entries, kept per embedding model and entry text so a search embeds
/// only the question (and entries edited since): an entry changed in Admin has a new key.
/// </summary>
public sealed class KnowledgeEmbeddingCache : IDisposable
{
    const int MaxEntries = 20_000;

    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>The embeddings of <paramref name="texts"/>, in order, generating the missing ones in one call.</summary>
    public async Task<IReadOnlyList<ReadOnlyMemory<float>>> GetAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator, string model, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new ReadOnlyMemory<float>[texts.Count];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_cache.TryGetValue(Key(model, texts[i]), out ReadOnlyMemory<float> vector))
            {
                result[i] = vector;
            }
            else
            {
                missing.Add(i);
            }
        }
        if (missing.Count > 0)
        {
            var generated = await generator.GenerateAsync(missing.Select(i => texts[i]), cancellationToken: cancellationToken);
            for (var j = 0; j < missing.Count && j < generated.Count; j++)
            {
                var index = missing[j];
                result[index] = generated[j].Vector;
                _cache.Set(Key(model, texts[index]), generated[j].Vector, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(12) });
            }
        }
        return result;
    }

    static string Key(string model, string text) =>
        model + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose() => _cache.Dispose();
}
