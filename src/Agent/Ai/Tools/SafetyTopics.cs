using System.Collections.Frozen;

namespace Agent.Ai.Tools;

/// <summary>
/// Questions where a wrong answer can hurt someone: allergies and diets, medication, pregnancy,
/// symptoms. Such a question must find the entry that covers its topic even when the rest of the
/// question (the dish, the treatment) is not in the knowledge, and is never answered by a guess.
/// </summary>
public static class SafetyTopics
{
    /// <summary>Words that make a question safety-relevant, by topic; an entry mentioning any word of the topic covers it.</summary>
    static readonly FrozenDictionary<string, string[]> Topics = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["allergy"] =
        [
            "allergy", "allergies", "allergic", "allergen", "allergens", "anaphylaxis", "nut", "nuts", "peanut", "peanuts", "almond",
            "hazelnut", "gluten", "coeliac", "celiac", "lactose", "dairy", "intolerance", "intolerant", "shellfish", "sesame", "egg", "eggs",
            "alergia", "alergias", "alérgico", "alérgica", "allergie", "allergisch", "noten", "noix", "nueces", "nozes",
        ],
        ["medical"] =
        [
            "medication", "medicine", "medicines", "pregnant", "pregnancy", "breastfeeding", "symptom", "symptoms", "pain", "bleeding",
            "fever", "emergency", "diabetes", "diabetic", "infection", "rash", "antibiotics", "dose",
            "grávida", "embarazada", "zwanger", "schwanger", "enceinte", "dolor", "dor", "pijn",
        ],
        ["skin"] = ["sensitive", "scalp", "reaction", "patch", "irritation", "eczema", "psoriasis"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The safety topic the question touches, or null.</summary>
    public static string? Find(string question)
    {
        var words = KeywordAnalyzer.Words(question).ToHashSet(StringComparer.Ordinal);
        foreach (var (topic, terms) in Topics)
        {
            if (terms.Any(words.Contains))
            {
                return topic;
            }
        }
        return null;
    }

    /// <summary>The question's own safety words ("nut", "allergy"): an entry about them settles it, one that merely names another allergen does not.</summary>
    public static IReadOnlyList<string> Terms(string question)
    {
        var words = KeywordAnalyzer.Words(question).ToHashSet(StringComparer.Ordinal);
        return [.. Topics.Values.SelectMany(terms => terms).Where(words.Contains).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when the text (the entry's title, tags and content) mentions one of the question's safety words.</summary>
    public static bool Covers(IReadOnlyList<string> terms, string text)
    {
        var words = KeywordAnalyzer.Words(text).ToHashSet(StringComparer.Ordinal);
        return terms.Any(term => KeywordAnalyzer.Mentions(words, term));
    }
}
