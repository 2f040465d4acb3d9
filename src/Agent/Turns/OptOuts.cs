using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Agent.Ai.Languages;

namespace Agent.Turns;

/// <summary>
/// Opt-out and opt-in words in the languages a workspace serves: the whole message must be the
/// keyword (STOP, UNSUBSCRIBE, PARAR...) or one of the usual sentences ("stop messaging me"),
/// so "can't stop thinking about your cake" opts nobody out. Confirmations are in the customer's
/// language when the workspace serves it, else in the workspace's first (<see cref="CustomerTexts"/>).
/// </summary>
public static partial class OptOuts
{
    public const string OptedOutReason = "The contact opted out of messages: nothing automated is sent until they write START.";

    static readonly FrozenDictionary<string, (string[] Stop, string[] Start)> Languages =
        new Dictionary<string, (string[], string[])>(StringComparer.Ordinal)
        {
            ["en"] = (["stop", "unsubscribe", "stop all", "opt out", "optout", "cancel messages", "end", "quit", "stop messaging me", "stop messaging", "stop texting me", "stop sending me messages", "stop sending messages", "don't message me", "do not message me", "don't contact me", "do not contact me", "remove me from your list", "leave me alone"],
                ["start", "unstop", "subscribe", "resume"]),
            ["pt"] = (["parar", "pare", "sair", "cancelar", "descadastrar", "para de me mandar mensagens", "parem de me mandar mensagens", "não me mandem mensagens", "nao me mandem mensagens"],
                ["começar", "comecar", "voltar", "iniciar"]),
            ["es"] = (["baja", "parar", "detener", "cancelar suscripción", "deja de escribirme", "dejen de escribirme", "no me escriban más", "no me escriban mas"],
                ["alta", "empezar", "reanudar"]),
            ["fr"] = (["arrêt", "arret", "stop", "désabonner", "desabonner", "désinscrire", "arrêtez de m'écrire", "arretez de m'ecrire"],
                ["démarrer", "demarrer", "reprendre"]),
            ["de"] = (["stopp", "abmelden", "abbestellen", "hör auf mir zu schreiben", "hört auf mir zu schreiben", "keine nachrichten mehr"],
                ["anmelden", "weiter"]),
            ["nl"] = (["afmelden", "uitschrijven", "stoppen", "stuur me geen berichten meer", "stop met berichten sturen"],
                ["aanmelden", "hervatten"]),
            ["ar"] = (["توقف", "إلغاء الاشتراك", "الغاء الاشتراك", "أوقفوا الرسائل"],
                ["ابدأ", "اشتراك"]),
            ["zh"] = (["退订", "停止", "取消订阅", "别再发消息"],
                ["订阅", "开始"]),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsOptOut(string text, IReadOnlyList<string> languages) => Matches(text, languages, language => language.Stop);

    public static bool IsOptIn(string text, IReadOnlyList<string> languages) => Matches(text, languages, language => language.Start);

    /// <summary>In the customer's language when the workspace serves it, else the workspace's first (<see cref="CustomerTexts.For"/>).</summary>
    public static string Confirmation(IReadOnlyList<string> languages, string? customerLanguage = null) => CustomerTexts.For(languages, customerLanguage).OptOutConfirmation;

    public static string Welcome(IReadOnlyList<string> languages, string? customerLanguage = null) => CustomerTexts.For(languages, customerLanguage).OptInWelcome;

    /// <summary>English always counts: STOP is what WhatsApp users everywhere type.</summary>
    static bool Matches(string text, IReadOnlyList<string> languages, Func<(string[] Stop, string[] Start), string[]> phrases)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return false;
        }
        return languages.Append("en").Distinct(StringComparer.Ordinal)
            .Where(Languages.ContainsKey)
            .Select(code => Languages[code])
            .Any(language => phrases(language).Any(phrase => normalized == phrase || normalized == phrase + " please" || normalized == "please " + phrase));
    }

    /// <summary>Lower case, no punctuation or emoji around the words, single spaces.</summary>
    static string Normalize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '\'' ? c : ' ');
        }
        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
