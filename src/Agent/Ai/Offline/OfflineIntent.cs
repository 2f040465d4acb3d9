using System.Text.RegularExpressions;
using Agent.Ai.Tools;

namespace Agent.Ai.Offline;

/// <summary>
/// What the offline responder reads in a customer message: greetings and thanks, a request
/// for a person, a question about opening times, an email address and a stated name, and
/// whatever else is left to look up in the knowledge base.
/// </summary>
internal sealed partial record OfflineIntent(
    bool Greets,
    bool Thanks,
    bool WantsHuman,
    bool AsksHours,
    string? Email,
    string? StatedName,
    string Remainder)
{
    /// <summary>True when something besides greetings, names and addresses was asked.</summary>
    /// <summary>Not when a person was asked for: they will answer the rest.</summary>
    public bool NeedsKnowledge => !WantsHuman && KeywordAnalyzer.Concepts(Remainder).Count > 0;

    public static OfflineIntent Read(string message)
    {
        var email = EmailPattern().Matches(message).Select(match => match.Value.TrimEnd('.')).FirstOrDefault(LeadValidation.IsEmail);
        var name = NamePattern().Match(message) is { Success: true } nameMatch ? nameMatch.Groups["name"].Value : null;
        var wantsHuman = HumanPattern().IsMatch(message);

        var remainder = EmailPattern().Replace(message, " ");
        remainder = NamePattern().Replace(remainder, " ");
        remainder = HumanPattern().Replace(remainder, " ");
        remainder = GreetingPattern().Replace(remainder, " ");
        remainder = ThanksPattern().Replace(remainder, " ");
        remainder = FillerPattern().Replace(remainder, " ");

        return new OfflineIntent(
            GreetingPattern().IsMatch(message),
            ThanksPattern().IsMatch(message),
            wantsHuman,
            HoursPattern().IsMatch(message),
            email,
            name,
            WhitespacePattern().Replace(remainder, " ").Trim(' ', ',', '.', '!', '?', ';', ':', '-'));
    }

    [GeneratedRegex(@"[\w.+'-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?i:my\s+name\s+is|my\s+name's|this\s+is|i\s+am|i'm|call\s+me)\s+(?<name>\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\b(?:(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+)?(?:human|person|someone|somebody|agent|operator|staff|representative|manager|real\s+person|member\s+of\s+(?:your\s+|the\s+)?(?:staff|team))|(?:real|actual|live)\s+(?:person|human|agent)|human(?:\s+being)?|operator|representative|(?:connect|transfer|put)\s+me\s+(?:to|through|with))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HumanPattern();

    [GeneratedRegex(@"\b(?:open|opens|opening|close|closes|closing|closed|hours|what\s+time|when\s+are\s+you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HoursPattern();

    [GeneratedRegex(@"^\W*(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening)|hola|ol[aá]|bonjour|hallo|ciao)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"\b(?:thanks|thank\s+you|thx|cheers|gracias|obrigad[oa]|merci|danke)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThanksPattern();

    /// <summary>Words that carry no question: "please", "my email is", "you can reach me at".</summary>
    [GeneratedRegex(@"\b(?:please|pls|my\s+email(?:\s+address)?\s+is|email\s*:|you\s+can\s+reach\s+me\s+at|reach\s+me\s+at|(?:e-?mail|contact|write\s+to)\s+me(?:\s+at|\s+on)?|here\s+is\s+my\s+email|there|can\s+i|could\s+i|i\s+want\s+to|i'd\s+like\s+to|i\s+would\s+like\s+to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FillerPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
