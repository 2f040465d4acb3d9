using Agent.Ai.Embeddings;
using Messaging.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.AI;

namespace Agent.Ai.Tools;

/// <summary>
/// Ranks a workspace's knowledge entries for a question: cosine similarity of the embeddings
/// (meaning, or spelling with the offline embedding) blended with keyword coverage (exact facts
/// such as "parking" or "price"). Entries below <see cref="MinimumScore"/> are left out. A
/// safety question (see <see cref="SafetyTopics"/>) always finds the entries that cover its
/// topic: "is the banana bread safe with my nut allergy?" must reach the allergy policy although
/// the banana bread is in no entry.
/// </summary>
public sealed class KnowledgeSearch(TextEmbeddingCache cache)
{
    public const int DefaultTop = 3;
    public const double MinimumScore = 0.15;
    const double EmbeddingWeight = 0.35;
    const double KeywordWeight = 0.65;
    const double ContentOnlyCoverage = 0.6;

    /// <summary>The score of an entry covering the safety topic of the question, at least: above the offline responder's relevance bar.</summary>
    public const double SafetyEntryScore = 0.6;

    public async Task<IReadOnlyList<KnowledgeMatch>> SearchAsync(
        IReadOnlyList<KnowledgeEntry> entries,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        string query,
        int top,
        CancellationToken cancellationToken)
    {
        if (entries.Count == 0 || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var model = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? embeddings.GetType().Name;
        var entryTexts = entries.Select(EmbeddingText).ToList();
        var (entryVectors, _) = await cache.GetAsync(embeddings, model, entryTexts, cancellationToken);
        var queryVector = (await embeddings.GenerateAsync([query], cancellationToken: cancellationToken))[0].Vector;

        var concepts = KeywordAnalyzer.Concepts(query);
        var safetyTerms = SafetyTopics.Terms(query);
        return entries
            .Select((entry, i) =>
            {
                var similarity = Math.Max(0, EmbeddingExtensions.CosineSimilarity(queryVector.Span, entryVectors[i].Span));
                var score = EmbeddingWeight * similarity + KeywordWeight * Coverage(concepts, entry);
                var coversSafety = safetyTerms.Count > 0 && SafetyTopics.Covers(safetyTerms, EmbeddingText(entry));
                return (Match: new KnowledgeMatch(entry.Title, entry.Content, Math.Round(coversSafety ? Math.Max(score, SafetyEntryScore) : score, 3)), coversSafety);
            })
            .Where(candidate => candidate.Match.Score >= MinimumScore)
            // The entry about the safety topic comes first: the dish may match better, but only the policy settles the question.
            .OrderByDescending(candidate => candidate.coversSafety)
            .ThenByDescending(candidate => candidate.Match.Score)
            .Take(top)
            .Select(candidate => candidate.Match)
            .ToList();
    }

    static string EmbeddingText(KnowledgeEntry entry) => entry.Title + "\n" + string.Join(", ", entry.Tags) + "\n" + entry.Content;

    /// <summary>A concept named in the title or tags counts fully, one only in the content counts partly.</summary>
    static double Coverage(IReadOnlyList<IReadOnlyList<string>> concepts, KnowledgeEntry entry)
    {
        if (concepts.Count == 0)
        {
            return 0;
        }
        var heading = KeywordAnalyzer.Words(entry.Title + " " + string.Join(' ', entry.Tags)).ToHashSet();
        var content = KeywordAnalyzer.Words(entry.Content).ToHashSet();
        var total = 0.0;
        foreach (var concept in concepts)
        {
            if (concept.Any(term => KeywordAnalyzer.Mentions(heading, term)))
            {
                total += 1;
            }
            else if (concept.Any(term => KeywordAnalyzer.Mentions(content, term)))
            {
                total += ContentOnlyCoverage;
            }
        }
        return total / concepts.Count;
    }
}
