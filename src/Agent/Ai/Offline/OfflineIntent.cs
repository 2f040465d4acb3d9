using System.Globalization;
using System.Text.RegularExpressions;
using Agent.Ai.Languages;
using Agent.Ai.Tools;
using Agent.Turns;

namespace Agent.Ai.Offline;

/// <summary>
/// What the offline responder reads in a customer message: greetings and thanks, a request
/// for a person (or about their personal data), read with the turn's own phrases
/// (<see cref="CustomerRequests"/>), a question about opening times, a booking
/// (day, time, party size), an email address and a stated name, the questions left to look up in
/// the knowledge base (one per line or question mark: a burst asks several), and whether it is
/// written in a language other than the workspace's.
/// </summary>
internal sealed partial record OfflineIntent(
    bool Greets,
    bool Thanks,
    bool WantsHuman,
    bool WantsDataRequest,
    bool AsksHours,
    string? Email,
    string? StatedName,
    BookingRequest? Booking,
    string? ForeignLanguage,
    string Remainder,
    IReadOnlyList<string> Questions)
{
    /// <summary>True when something besides greetings, names and addresses was asked; not when a person was asked for: they will answer the rest.</summary>
    public bool NeedsKnowledge => !WantsHuman && Questions.Count > 0;

    public static OfflineIntent Read(string message, string workspaceLanguage = "en")
    {
        var language = MessageLanguage.Detect(message);
        var foreign = language is not null && language != workspaceLanguage ? MessageLanguage.NameOf(language) : null;
        var dataRequest = CustomerRequests.IsDataRequest(message);
        var email = EmailPattern().Matches(message).Select(match => match.Value.TrimEnd('.')).FirstOrDefault(LeadValidation.IsEmail);
        var name = NamePattern().Match(message) is { Success: true } nameMatch ? nameMatch.Groups["name"].Value : null;
        var wantsHuman = CustomerRequests.AsksForHuman(message) || dataRequest;

        var remainder = EmailPattern().Replace(message, " ");
        remainder = NamePattern().Replace(remainder, " ");
        remainder = CustomerRequests.WithoutConversationPhrases(remainder);
        remainder = FillerPattern().Replace(remainder, " ");
        var booking = BookingRequest.Read(message);
        var questions = QuestionBreak().Split(remainder)
            .Select(question => WhitespacePattern().Replace(question, " ").Trim(' ', ',', '.', '!', '?', ';', ':', '-'))
            .Where(question => KeywordAnalyzer.Concepts(question).Count > 0 && !(booking is not null && BookingRequest.IsOnlyBooking(question)))
            .ToList();

        return new OfflineIntent(
            CustomerRequests.Greets(message),
            CustomerRequests.Thanks(message),
            wantsHuman,
            dataRequest,
            HoursPattern().IsMatch(message),
            email,
            name,
            booking,
            foreign,
            WhitespacePattern().Replace(remainder, " ").Trim(' ', ',', '.', '!', '?', ';', ':', '-'),
            questions);
    }

    /// <summary>Lines, question marks and sentence ends separate the questions of a message or burst.</summary>
    [GeneratedRegex(@"\n+|\?+|(?<=[.!])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionBreak();


    [GeneratedRegex(@"[\w.+'-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?i:my\s+name\s+is|my\s+name's|this\s+is|i\s+am|i'm|call\s+me)\s+(?<name>\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();


    [GeneratedRegex(@"\b(?:open|opens|opening|close|closes|closing|closed|hours|what\s+time|when\s+are\s+you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HoursPattern();

    /// <summary>Words that carry no question: "please", "my email is", "you can reach me at".</summary>
    [GeneratedRegex(@"\b(?:please|pls|my\s+email(?:\s+address)?\s+is|email\s*:|you\s+can\s+reach\s+me\s+at|reach\s+me\s+at|(?:e-?mail|contact|write\s+to)\s+me(?:\s+at|\s+on)?|here\s+is\s+my\s+email|there|can\s+i|could\s+i|i\s+want\s+to|i'd\s+like\s+to|i\s+would\s+like\s+to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FillerPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}

/// <summary>A booking the customer asks for: the day and time as written, and the party size.</summary>
internal sealed partial record BookingRequest(string? Day, string? Time, int? PartySize)
{
    public string Describe()
    {
        var parts = new List<string> { "booking" };
        if (PartySize is { } size)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"for {size}"));
        }
        if (Day is not null)
        {
            parts.Add("on " + Day);
        }
        if (Time is not null)
        {
            parts.Add("at " + Time);
        }
        return string.Join(' ', parts);
    }

    public static BookingRequest? Read(string message)
    {
        if (!BookingPattern().IsMatch(message))
        {
            return null;
        }
        var day = DayPattern().Match(message) is { Success: true } dayMatch ? dayMatch.Value.ToLowerInvariant() : null;
        var time = TimePattern().Match(message) is { Success: true } timeMatch ? timeMatch.Groups["time"].Value : null;
        int? size = PartyPattern().Match(message) is { Success: true } party ? Number(party.Groups["size"].Value) : null;
        // "How can I book?" asks how booking works, which the knowledge answers.
        return day is null && time is null ? null : new BookingRequest(day, time, size);
    }

    /// <summary>A part of the message that only asks for the booking, which check_booking answers.</summary>
    public static bool IsOnlyBooking(string question) =>
        BookingPattern().IsMatch(question) || DayPattern().IsMatch(question) || TimePattern().IsMatch(question);

    static int? Number(string text) => int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : text.ToLowerInvariant() switch
    {
        "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
        _ => null,
    };

    [GeneratedRegex(@"\b(?:book|booking|reserve|reservations?|table\s+for|appointments?|a\s+table|see\s+(?:the\s+|a\s+)?(?:doctor|gp|physio\w*|stylist)|come\s+in)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BookingPattern();

    [GeneratedRegex(@"\b(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{4}-\d{2}-\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayPattern();

    [GeneratedRegex(@"\b(?:at\s+)?(?<time>(?:[01]?\d|2[0-3])(?::[0-5]\d|\.[0-5]\d|h[0-5]?\d?)\s*(?:[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\s*[ap]\.?m\.?|(?<=\bat\s)(?:1[0-2]|0?[1-9])\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"\b(?:for|party\s+of|table\s+for|we\s+are|we're)\s+(?<size>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b|\b(?<size>\d{1,2})\s+(?:people|persons|guests|of\s+us|pax)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartyPattern();
}
