using System.Text.RegularExpressions;
using Agent.Ai.Languages;

namespace Agent.Turns;

/// <summary>
/// The one place for the phrases a customer uses about the conversation itself rather than the
/// business: asking for a person, about their personal data, yes or no to the bot's offer of a
/// person, greetings and thanks. The turn decides the requests before any rule or model (no
/// credit, no model needed to understand them); the offline responder reads the same phrases,
/// and <see cref="WithoutConversationPhrases"/> leaves it the part of a message that asks the
/// business something.
/// </summary>
public static partial class CustomerRequests
{
    public static bool AsksForHuman(string text) => HumanPattern().IsMatch(text);

    public static bool IsDataRequest(string text) => DataRequestPattern().IsMatch(text);

    public static bool Greets(string text) => GreetingPattern().IsMatch(text);

    public static bool Thanks(string text) => ThanksPattern().IsMatch(text);

    /// <summary>The text without requests for a person or about personal data, greetings and thanks: what is left to look up.</summary>
    public static string WithoutConversationPhrases(string text)
    {
        foreach (var pattern in (Func<Regex>[])[HumanPattern, DataRequestPattern, GreetingPattern, ThanksPattern])
        {
            text = pattern().Replace(text, " ");
        }
        return text;
    }

    /// <summary>"yes please", "sure, ask someone from the team", "sim", "oui": an answer to a yes/no offer, not a new question.</summary>
    public static bool IsAffirmative(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 80 && AffirmativePattern().IsMatch(trimmed) && !NegativePattern().IsMatch(trimmed);
    }

    /// <summary>A reply that asks whether the customer wants a person: the next "yes" hands over.</summary>
    public static bool OffersHandoff(string reply) =>
        HandoffOfferPattern().IsMatch(reply) || CustomerTexts.NoAnswerOffers.Any(offer => reply.Contains(offer, StringComparison.Ordinal));

    [GeneratedRegex(@"\b(?:(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+|some\s+)?(?:human|person|someone|somebody|agent|operator|staff|representative|manager|real\s+person|member\s+of\s+(?:your\s+|the\s+)?(?:staff|team))|(?:real|actual|live)\s+(?:person|human|agent)|human(?:\s+being)?|operator|representative|(?:connect|transfer|put)\s+me\s+(?:to|through|with))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HumanPattern();

    [GeneratedRegex(@"\b(?:delete|erase|remove|forget)\s+(?:all\s+)?(?:of\s+)?(?:my|our)\s+(?:personal\s+)?(?:data|details|information|info|number|account)|\bgdpr\b|\b(?:what|which)\s+(?:personal\s+)?data\s+(?:do\s+)?you\s+(?:have|hold|keep|store)|\bmy\s+personal\s+data\b|\b(?:apaga|apagar|borra|borrar|supprimez|supprimer|löschen|loschen|verwijder)\w*\s+(?:os\s+|mis\s+|mes\s+|meine\s+|mijn\s+)?(?:meus\s+)?(?:dados|datos|données|donnees|daten|gegevens)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataRequestPattern();

    [GeneratedRegex(@"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|please\s+do|please|go\s+ahead|that\s+would\s+be\s+(?:great|good|nice)|sim|s[ií]|claro|oui|ja|graag|sì|si)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AffirmativePattern();

    [GeneratedRegex(@"\b(?:no|not|don't|dont|never|nope|não|nao|non|nee|nein)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativePattern();

    [GeneratedRegex(@"^\W*(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening)|hola|ol[aá]|bonjour|hallo|ciao)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"\b(?:thanks|thank\s+you|thx|cheers|gracias|obrigad[oa]|merci|danke)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThanksPattern();

    [GeneratedRegex(@"\b(?:would\s+you\s+like|shall\s+i|should\s+i|do\s+you\s+want|want\s+me\s+to|can\s+i)\b[^?]{0,80}\b(?:ask|connect|pass|put\s+you|hand|transfer|get)\b[^?]{0,80}\b(?:someone|somebody|person|team|colleague|staff|human|member)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HandoffOfferPattern();
}
