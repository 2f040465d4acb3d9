using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;

namespace Agent.Ai.Embeddings;

/// <summary>
/// Embeddings of texts the workspace wrote (knowledge entries; rule descriptions saved with
/// another embedding model), kept per embedding model and text, so a search embeds only the
/// question and an entry edited in Admin (a new key) is embedded again. Keyed by model: when the
/// offline model changes, every text is embedded again with the new one, lazily, on first use.
/// </summary>
public sealed class TextEmbeddingCache : IDisposable
{
    const int MaxEntries = 20_000;

    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>The embeddings of <paramref name="texts"/>, in order, generating the missing ones in one call; and how many were generated.</summary>
    public async Task<(IReadOnlyList<ReadOnlyMemory<float>> Vectors, int Generated)> GetAsync(
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
        return (result, missing.Count);
    }

    static string Key(string model, string text) =>
        model + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose() => _cache.Dispose();
}
