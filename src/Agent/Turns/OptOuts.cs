using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Agent.Turns;

/// <summary>
/// Opt-out and opt-in words in the languages a workspace serves: the whole message must be the
/// keyword (STOP, UNSUBSCRIBE, PARAR...) or one of the usual sentences ("stop messaging me"),
/// so "can't stop thinking about your cake" opts nobody out. Confirmations are in the
/// workspace's first language.
/// </summary>
public static partial class OptOuts
{
    public const string OptedOutReason = "The contact opted out of messages: nothing automated is sent until they write START.";

    static readonly FrozenDictionary<string, (string[] Stop, string[] Start, string Confirmed, string Welcome)> Languages =
        new Dictionary<string, (string[], string[], string, string)>(StringComparer.Ordinal)
        {
            ["en"] = (["stop", "unsubscribe", "stop all", "opt out", "optout", "cancel messages", "end", "quit", "stop messaging me", "stop messaging", "stop texting me", "stop sending me messages", "stop sending messages", "don't message me", "do not message me", "don't contact me", "do not contact me", "remove me from your list", "leave me alone"],
                ["start", "unstop", "subscribe", "resume"],
                "You're unsubscribed: we won't send you any more automated messages. Reply START to receive them again.",
                "Welcome back! You'll receive our messages again. Reply STOP at any time to unsubscribe."),
            ["pt"] = (["parar", "pare", "sair", "cancelar", "descadastrar", "para de me mandar mensagens", "parem de me mandar mensagens", "não me mandem mensagens", "nao me mandem mensagens"],
                ["começar", "comecar", "voltar", "iniciar"],
                "Pronto: não enviaremos mais mensagens automáticas. Responda START para voltar a recebê-las.",
                "Bem-vindo de volta! Voltará a receber as nossas mensagens. Responda PARAR para sair."),
            ["es"] = (["baja", "parar", "detener", "cancelar suscripción", "deja de escribirme", "dejen de escribirme", "no me escriban más", "no me escriban mas"],
                ["alta", "empezar", "reanudar"],
                "Listo: no te enviaremos más mensajes automáticos. Responde START para volver a recibirlos.",
                "¡Bienvenido de nuevo! Volverás a recibir nuestros mensajes. Responde BAJA para darte de baja."),
            ["fr"] = (["arrêt", "arret", "stop", "désabonner", "desabonner", "désinscrire", "arrêtez de m'écrire", "arretez de m'ecrire"],
                ["démarrer", "demarrer", "reprendre"],
                "C'est noté : vous ne recevrez plus de messages automatiques. Répondez START pour les recevoir à nouveau.",
                "Bon retour ! Vous recevrez à nouveau nos messages. Répondez STOP pour vous désabonner."),
            ["de"] = (["stopp", "abmelden", "abbestellen", "hör auf mir zu schreiben", "hört auf mir zu schreiben", "keine nachrichten mehr"],
                ["anmelden", "weiter"],
                "Erledigt: Sie erhalten keine automatischen Nachrichten mehr. Antworten Sie START, um sie wieder zu erhalten.",
                "Willkommen zurück! Sie erhalten wieder unsere Nachrichten. Antworten Sie STOPP zum Abmelden."),
            ["nl"] = (["afmelden", "uitschrijven", "stoppen", "stuur me geen berichten meer", "stop met berichten sturen"],
                ["aanmelden", "hervatten"],
                "Gelukt: je ontvangt geen automatische berichten meer. Antwoord START om ze weer te ontvangen.",
                "Welkom terug! Je ontvangt onze berichten weer. Antwoord STOP om je af te melden."),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsOptOut(string text, IReadOnlyList<string> languages) => Matches(text, languages, language => language.Stop);

    public static bool IsOptIn(string text, IReadOnlyList<string> languages) => Matches(text, languages, language => language.Start);

    public static string Confirmation(IReadOnlyList<string> languages) => Primary(languages).Confirmed;

    public static string Welcome(IReadOnlyList<string> languages) => Primary(languages).Welcome;

    static (string[] Stop, string[] Start, string Confirmed, string Welcome) Primary(IReadOnlyList<string> languages) =>
        languages.Select(code => Languages.GetValueOrDefault(code)).FirstOrDefault(language => language.Confirmed is not null) is { Confirmed: not null } found
            ? found
            : Languages["en"];

    /// <summary>English always counts: STOP is what WhatsApp users everywhere type.</summary>
    static bool Matches(string text, IReadOnlyList<string> languages, Func<(string[] Stop, string[] Start, string Confirmed, string Welcome), string[]> phrases)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return false;
        }
        return languages.Append("en").Distinct(StringComparer.Ordinal)
            .Select(code => Languages.GetValueOrDefault(code))
            .Where(language => language.Confirmed is not null)
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
