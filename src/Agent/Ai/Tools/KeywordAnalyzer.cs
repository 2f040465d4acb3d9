using System.Collections.Frozen;
using System.Text;

namespace Agent.Ai.Tools;

/// <summary>
/// The keyword half of knowledge search: a question's concepts (content words plus a few
/// synonyms of what customers ask most: where, how much, book, open) and how well a text covers
/// them. Words match when equal or when they share a five-letter stem ("located", "location").
/// </summary>
public static class KeywordAnalyzer
{
    const int StemLength = 5;

    static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "i", "me", "my", "we", "us", "our",
        "you", "your", "it", "its", "this", "that", "these", "those", "to", "for", "of", "in", "on", "at", "by", "and", "or",
        "what", "which", "who", "how", "when", "where", "why", "can", "could", "would", "should", "will", "shall", "may", "might",
        "have", "has", "had", "please", "hi", "hello", "hey", "there", "here", "like", "want", "know", "tell", "about", "with",
        "from", "any", "some", "get", "much", "many", "thanks", "thank", "ok", "okay", "just", "also", "if", "so", "but", "not",
        "all", "there's", "im", "i'm", "whats", "what's", "need", "find", "out", "up", "as", "than", "then",
    ], StringComparer.Ordinal);

    /// <summary>Questions name the thing differently from the answer: "where" is answered by an address.</summary>
    static readonly FrozenDictionary<string, string[]> Synonyms = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["where"] = ["location", "address", "located"],
        ["located"] = ["location", "address"],
        ["location"] = ["address", "located"],
        ["address"] = ["location", "located"],
        ["directions"] = ["location", "address"],
        ["parking"] = ["park", "car"],
        ["park"] = ["parking"],
        ["car"] = ["parking"],
        ["much"] = ["price", "cost"],
        ["price"] = ["cost", "costs", "fee"],
        ["prices"] = ["price", "cost", "fee"],
        ["cost"] = ["price", "fee"],
        ["costs"] = ["price", "fee"],
        ["fee"] = ["price", "cost"],
        ["fees"] = ["price", "cost"],
        ["pricing"] = ["price", "cost"],
        ["expensive"] = ["price", "cost"],
        ["cheap"] = ["price", "cost"],
        ["book"] = ["booking", "appointment", "reserve"],
        ["booking"] = ["book", "appointment", "reserve"],
        ["appointment"] = ["booking", "book"],
        ["reserve"] = ["booking", "book", "reservation"],
        ["reservation"] = ["booking", "book", "reserve"],
        ["schedule"] = ["booking", "appointment"],
        ["open"] = ["opening", "hours"],
        ["opening"] = ["open", "hours"],
        ["close"] = ["closing", "hours", "closed"],
        ["closed"] = ["closing", "hours", "close"],
        ["closing"] = ["close", "hours", "closed"],
        ["hours"] = ["opening", "open"],
        ["cancel"] = ["cancellation"],
        ["cancellation"] = ["cancel"],
        ["pay"] = ["payment", "card", "cash"],
        ["payment"] = ["pay", "card", "cash"],
        ["payments"] = ["pay", "payment", "card", "cash"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Lower-cased words of letters and digits, in order.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c != '\'' && word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Each content word of the question, or question word with synonyms, with what else may stand for it.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Concepts(string question)
    {
        var concepts = new List<IReadOnlyList<string>>();
        foreach (var word in Words(question).Distinct())
        {
            var synonyms = Synonyms.GetValueOrDefault(word) ?? [];
            if (!StopWords.Contains(word) && word.Length > 1)
            {
                concepts.Add([word, .. synonyms]);
            }
            else if (synonyms.Length > 0)
            {
                concepts.Add(synonyms);
            }
        }
        return concepts;
    }

    /// <summary>Equal, a plural ("card" and "cards"), or the same five-letter stem.</summary>
    public static bool Mentions(IReadOnlySet<string> words, string term) =>
        words.Contains(term)
        || words.Contains(term + "s")
        || (term.EndsWith('s') && words.Contains(term[..^1]))
        || (term.Length >= StemLength && words.Any(word => word.Length >= StemLength && word.AsSpan(0, StemLength).SequenceEqual(term.AsSpan(0, StemLength))));
}
