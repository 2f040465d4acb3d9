using System.Text.RegularExpressions;
using Agent.Ai.Tools;

namespace Agent.Ai.Offline;

/// <summary>
/// A knowledge entry cut down to the few sentences that answer the question: the sentences
/// mentioning most of the question's concepts, in their original order.
/// </summary>
internal static partial class KnowledgeSummary
{
    const int MaxSentences = 3;
    const int MaxCharacters = 480;

    public static string Summarize(string content, string question)
    {
        var sentences = SentenceBreak().Split(content).Select(sentence => sentence.Trim()).Where(sentence => sentence.Length > 0).ToList();
        if (sentences.Count == 0)
        {
            return "";
        }
        List<string> chosen;
        if (sentences.Count <= MaxSentences)
        {
            chosen = sentences;
        }
        else
        {
            var concepts = KeywordAnalyzer.Concepts(question);
            var scored = sentences
                .Select((sentence, index) => (Sentence: sentence, Index: index, Score: Score(sentence, concepts)))
                .ToList();
            chosen = scored.Any(item => item.Score > 0)
                ? scored.Where(item => item.Score > 0).OrderByDescending(item => item.Score).ThenBy(item => item.Index)
                    .Take(MaxSentences).OrderBy(item => item.Index).Select(item => item.Sentence).ToList()
                : sentences.Take(2).ToList();
        }
        var separator = chosen.Any(IsListItem) ? "\n" : " ";
        return Shorten(string.Join(separator, chosen));
    }

    static int Score(string sentence, IReadOnlyList<IReadOnlyList<string>> concepts)
    {
        var words = KeywordAnalyzer.Words(sentence).ToHashSet();
        return concepts.Count(concept => concept.Any(term => KeywordAnalyzer.Mentions(words, term)));
    }

    static bool IsListItem(string sentence) => sentence.StartsWith('-') || sentence.StartsWith('*') || sentence.StartsWith('•');

    static string Shorten(string text)
    {
        if (text.Length <= MaxCharacters)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', MaxCharacters);
        return text[..(cut > 0 ? cut : MaxCharacters)].TrimEnd(',', ';', ':') + "…";
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();
}
