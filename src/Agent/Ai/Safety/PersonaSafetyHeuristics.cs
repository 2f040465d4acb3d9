using System.Text.RegularExpressions;
using Messaging.Tenancy.Model;

namespace Agent.Ai.Safety;

/// <summary>
/// The offline persona review: each rule finds an instruction to behave harmfully (pose as a
/// human, collect card numbers or passwords, hate, sexual content, deceive customers, promise
/// medical or legal outcomes). A rule that forbids the behaviour ("never ask for passwords") is
/// not a match: a negation shortly before the phrase cancels it.
/// </summary>
public static partial class PersonaSafetyHeuristics
{
    const int NegationWindow = 40;

    static readonly (Func<Regex> Pattern, string Reason)[] Rules =
    [
        (PosesAsHuman, "It tells the assistant to claim to be human or to deny being an AI."),
        (CollectsSecrets, "It asks the assistant to collect card numbers, passwords, PINs or bank details."),
        (Hate, "It asks for hateful, harassing or discriminatory content."),
        (Adult, "It asks for sexual or adult content."),
        (Deception, "It asks the assistant to deceive or pressure customers."),
        (Guarantees, "It promises medical or legal outcomes, or asks for diagnoses or prescriptions."),
        (Jailbreak, "It tells the assistant to ignore its safety rules."),
    ];

    public static PersonaVerdict Classify(string personaPrompt)
    {
        var folded = TextFolding.Fold(personaPrompt);
        if (folded.Length == 0)
        {
            return new PersonaVerdict(PersonaSafety.Rejected, "The persona prompt is empty.", "heuristics");
        }
        foreach (var (pattern, reason) in Rules)
        {
            if (pattern().Matches(folded).Any(match => !IsNegated(folded, match.Index)))
            {
                return new PersonaVerdict(PersonaSafety.Rejected, reason, "heuristics");
            }
        }
        return new PersonaVerdict(PersonaSafety.Approved, "No harmful instructions found.", "heuristics");
    }

    /// <summary>"Never", "do not", "don't"... in the same sentence, just before the match.</summary>
    static bool IsNegated(string folded, int index)
    {
        var start = Math.Max(0, index - NegationWindow);
        var before = folded[start..index];
        var sentenceStart = before.LastIndexOfAny(['.', '!', '?', ';', '\n']);
        return Negation().IsMatch(sentenceStart >= 0 ? before[(sentenceStart + 1)..] : before);
    }

    [GeneratedRegex(@"\b(?:never|not|don't|dont|do\s+not|no|avoid|refuse|without|nor)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:(?:claim|pretend|say|insist|tell\s+\w+|act\s+like|convince\s+\w+)\s+(?:that\s+)?(?:you\s+are|you're|to\s+be|you\s+were)\s+(?:a\s+)?(?:real\s+)?(?:human|person|man|woman)|(?:never|don't|do\s+not)\s+(?:admit|reveal|say|disclose|mention|tell\s+\w+)\s+(?:that\s+)?(?:you\s+are|you're|to\s+be)\s+(?:an?\s+)?(?:ai|bot|robot|chatbot|machine|assistant|language\s+model)|deny\s+(?:being|that\s+you\s+are)\s+(?:an?\s+)?(?:ai|bot|robot|chatbot|machine))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PosesAsHuman();

    [GeneratedRegex(@"\b(?:ask|collect|request|get|obtain|store|save|take|gather|record|require|confirm)\s+(?:for\s+|the\s+|their\s+|a\s+|customers?'?s?\s+|users?'?s?\s+|clients?'?s?\s+)*(?:full\s+)?(?:credit\s+card|debit\s+card|card\s+(?:number|details)|cvv|cvc|security\s+code|passwords?|pin(?:\s+code)?s?|bank\s+(?:account\s+)?(?:details|number|login)|social\s+security|ssn|login\s+(?:details|credentials)|one-time\s+codes?|otp|verification\s+codes?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CollectsSecrets();

    [GeneratedRegex(@"\b(?:hate\s+speech|racist|sexist|homophobic|transphobic|slurs?|(?:insult|demean|mock|harass|threaten|humiliate|belittle)\s+(?:the\s+)?(?:customers?|users?|people|clients|women|men|immigrants|minorities|foreigners)|discriminat\w*\s+against|(?:hate|despise)\s+(?:all\s+)?(?:immigrants|women|men|gays|muslims|jews|christians|foreigners|minorities))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Hate();

    [GeneratedRegex(@"\b(?:sexual(?:ly)?|sexy|explicit\s+(?:content|messages|images|photos)|erotic\w*|nsfw|porn\w*|nudes?|naked|sexting|adult\s+(?:content|chat|services)|flirt\w*\s+(?:with\s+)?(?:customers|users|clients)?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Adult();

    [GeneratedRegex(@"\b(?:(?:(?:lie|lying)\s+to|deceive|mislead|trick|manipulate|scam|pressure|guilt-trip)\s+(?:the\s+)?(?:customers?|users?|people|clients|buyers|them)|(?:invent|make\s+up|fabricate)\s+(?:fake\s+)?(?:reviews|testimonials|discounts|scarcity|deadlines)|fake\s+(?:reviews|urgency|scarcity|testimonials))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Deception();

    [GeneratedRegex(@"\b(?:(?:guarantee|promise|assure|ensure)\w*\s+(?:\w+\s+){0,5}(?:cure[sd]?|heal(?:s|ed|ing)?|recovery|remission|(?:weight|fat)\s+loss|win(?:ning)?\s+(?:the\s+|their\s+|your\s+)?(?:case|lawsuit|trial|claim)|acquittal|legal\s+outcome|medical\s+outcome)|(?:diagnos|prescrib)\w*\s+(?:\w+\s+){0,3}(?:conditions?|illness\w*|diseases?|symptoms|medications?|medicines?|drugs|treatments?|patients?|customers?|them)|miracle\s+cure|cures?\s+(?:cancer|diabetes|depression|anxiety|covid|any\s+disease)|100%\s+(?:cure|success|guaranteed))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Guarantees();

    [GeneratedRegex(@"\b(?:(?:ignore|bypass|disable|override)\s+(?:all\s+|any\s+|your\s+)*(?:safety|ethical|content)\s+(?:rules|guidelines|policies|filters)|no\s+(?:ethical|moral)\s+(?:limits|restrictions|boundaries))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Jailbreak();
}
