using System.Collections.Frozen;
using Agent.Ai.Tools;

namespace Agent.Ai.Languages;

/// <summary>
/// The language a customer writes in, as far as a few words tell: the script for Arabic,
/// Chinese, Japanese, Korean, Cyrillic, Hebrew, Greek, Thai and Devanagari text, and common
/// function words for the Latin-script languages the businesses here serve. Null when unsure,
/// which callers treat as the workspace's own language.
/// </summary>
public static class MessageLanguage
{
    static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "English", ["pt"] = "Portuguese", ["es"] = "Spanish", ["fr"] = "French", ["de"] = "German", ["nl"] = "Dutch",
        ["it"] = "Italian", ["ar"] = "Arabic", ["zh"] = "Chinese", ["ja"] = "Japanese", ["ko"] = "Korean", ["ru"] = "Russian",
        ["he"] = "Hebrew", ["el"] = "Greek", ["th"] = "Thai", ["hi"] = "Hindi",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words frequent in one language and rare in the others.</summary>
    static readonly (string Code, FrozenSet<string> Words)[] FunctionWords =
    [
        ("en", Set("the", "is", "are", "you", "your", "do", "what", "where", "when", "how", "can", "have", "with", "and", "there", "please", "my", "want", "would", "like")),
        ("pt", Set("você", "voce", "vocês", "não", "nao", "quero", "obrigado", "obrigada", "onde", "quando", "quanto", "vocês", "têm", "tem", "uma", "gostaria", "está", "fica", "bom", "dia")),
        ("es", Set("usted", "quiero", "gracias", "dónde", "donde", "cuándo", "cuando", "cuánto", "cuanto", "tienen", "una", "está", "estoy", "hola", "por", "favor", "buenos", "días", "hay", "me")),
        ("fr", Set("vous", "est", "je", "suis", "merci", "où", "quand", "combien", "avez", "une", "bonjour", "s'il", "voudrais", "pour", "avec", "les", "des", "c'est", "pas", "ouvert")),
        ("de", Set("sie", "ist", "ich", "bin", "danke", "wo", "wann", "wie", "viel", "haben", "eine", "guten", "tag", "bitte", "möchte", "mit", "und", "nicht", "gibt", "es")),
        ("nl", Set("jullie", "ik", "ben", "dank", "waar", "wanneer", "hoeveel", "hebben", "een", "goedendag", "alstublieft", "graag", "met", "niet", "zijn", "open", "het", "is", "hoe", "wat")),
        ("it", Set("voi", "sono", "grazie", "dove", "quando", "quanto", "avete", "una", "buongiorno", "vorrei", "per", "con", "non", "c'è", "siete", "aperti", "ciao", "il", "che", "è")),
    ];

    public static string NameOf(string code) => Names.GetValueOrDefault(code) ?? code;

    public static string? Detect(string text)
    {
        if (Script(text) is { } script)
        {
            return script;
        }
        var words = KeywordAnalyzer.Words(text);
        if (words.Count == 0)
        {
            return null;
        }
        var scores = FunctionWords.Select(language => (language.Code, Score: words.Count(language.Words.Contains))).OrderByDescending(s => s.Score).ToList();
        // Two hits and ahead of the runner-up: one shared word ("open", "me") decides nothing.
        return scores[0].Score >= 2 && scores[0].Score > scores[1].Score ? scores[0].Code : null;
    }

    /// <summary>The language of a non-Latin script when most letters are in it.</summary>
    static string? Script(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }
            letters++;
            var code = c switch
            {
                >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' => "ar",
                >= '\u3040' and <= '\u30FF' => "ja",
                >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' => "zh",
                >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF' => "ko",
                >= '\u0400' and <= '\u04FF' => "ru",
                >= '\u0590' and <= '\u05FF' => "he",
                >= '\u0370' and <= '\u03FF' => "el",
                >= '\u0E00' and <= '\u0E7F' => "th",
                >= '\u0900' and <= '\u097F' => "hi",
                _ => null,
            };
            if (code is not null)
            {
                counts[code] = counts.GetValueOrDefault(code) + 1;
            }
        }
        if (letters == 0 || counts.Count == 0)
        {
            return null;
        }
        // Kana among Han characters is Japanese.
        if (counts.ContainsKey("ja") && counts.Remove("zh", out var han))
        {
            counts["ja"] += han;
        }
        var (best, count) = counts.MaxBy(pair => pair.Value);
        return count * 2 >= letters ? best : null;
    }

    static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
