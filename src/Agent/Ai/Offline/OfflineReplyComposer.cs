using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agent.Ai.Languages;
using Agent.Ai.Tools;

namespace Agent.Ai.Offline;

/// <summary>
/// Writes the offline reply from the tool results: the hand-off, the saved lead, the opening
/// hours, and the best knowledge entry summarized; warm, short, and never beyond what the tools
/// returned.
/// </summary>
internal static partial class OfflineReplyComposer
{
    /// <summary>Below this a knowledge match is a guess, and the offline reply does not guess.</summary>
    public const double RelevantScore = 0.25;

    public static string Compose(OfflineIntent intent, OfflineContext context, IReadOnlyList<ToolOutcome> outcomes)
    {
        var first = FirstName(intent.StatedName ?? context.SenderName);
        var parts = new List<string>();

        if (outcomes.FirstOrDefault(o => o.Tool == ToolNames.RequestHuman) is { } human)
        {
            parts.Add(human.Error is not null
                ? "I couldn't reach our team just now, sorry. Please try again in a little while."
                : intent.ForeignLanguage is { } language
                    // The customer's language named for the operator who will follow up, as in the hand-off reason.
                    ? $"{context.Texts.ForeignLanguage(CustomerTexts.NameIn(context.Texts.Code))} ({language})"
                    : context.Texts.Handoff);
        }
        var lead = outcomes.FirstOrDefault(o => o.Tool == ToolNames.CaptureLead);
        if (lead is not null)
        {
            parts.Add(lead.Read<LeadCaptureResult>() is { Saved: true } saved
                ? $"I've saved your details ({saved.Email}) so our team can get back to you."
                : "That email address doesn't look quite right: could you double-check it?");
        }
        var offeredPerson = false;
        if (outcomes.FirstOrDefault(o => o.Tool == ToolNames.CheckBooking)?.Read<BookingCheckResult>() is { } booking)
        {
            parts.Add(DescribeBooking(booking));
        }
        var hoursAnswered = false;
        if (outcomes.FirstOrDefault(o => o.Tool == ToolNames.BusinessHours)?.Read<BusinessHoursResult>() is { Configured: true } hours)
        {
            parts.Add(DescribeHours(hours));
            hoursAnswered = true;
        }
        var searches = outcomes.Where(o => o.Tool == ToolNames.SearchKnowledge).Select(o => o.Read<KnowledgeSearchResult>()).OfType<KnowledgeSearchResult>().ToList();
        if (searches.Count > 0)
        {
            // Each question's best entry once, with the sentences that answer all the questions it answers.
            var answered = searches
                .Select(search => (search.Query, search.SafetyRelevant, Best: search.Matches.FirstOrDefault(match => match.Score >= RelevantScore)))
                .ToList();
            foreach (var entry in answered.Where(a => a.Best is not null).GroupBy(a => a.Best!.Title))
            {
                if (hoursAnswered && HoursTitle(entry.Key))
                {
                    continue;
                }
                parts.Add(KnowledgeSummary.Summarize(entry.First().Best!.Content, string.Join(' ', entry.Select(a => a.Query))));
            }
            var unsettledSafety = answered.Any(a => a.SafetyRelevant);
            var unanswered = answered.Count(a => a.Best is null);
            if (unsettledSafety)
            {
                // What the entry says is shared, but whether it is safe for this customer is a person's call.
                offeredPerson = true;
                parts.Add("I can't confirm from here that it's safe for you, and I won't guess: would you like me to ask someone from our team to check and get back to you?");
            }
            else if (unanswered > 0 && !hoursAnswered)
            {
                offeredPerson = true;
                parts.Add(parts.Count == 0
                    ? context.Texts.NoAnswerOffer
                    : "I don't have an answer to the rest here: would you like me to ask someone from our team?");
            }
        }

        var reply = new StringBuilder();
        if (parts.Count == 0)
        {
            return intent.Thanks && !intent.Greets
                ? $"You're welcome{Comma(first)}! Is there anything else I can help you with?"
                : Welcome(first, context);
        }
        if (intent.Greets)
        {
            reply.Append($"Hi{Space(first)}! ");
        }
        else if (intent.Thanks || lead is not null)
        {
            reply.Append($"Thanks{Comma(first)}! ");
        }
        reply.AppendJoin(' ', parts);
        if (!intent.WantsHuman && lead is null && !offeredPerson)
        {
            reply.Append(" Anything else I can help with?");
        }
        return reply.ToString();

        static string Comma(string? name) => name is null ? "" : ", " + name;
        static string Space(string? name) => name is null ? "" : " " + name;
    }

    static string Welcome(string? first, OfflineContext context)
    {
        var reply = new StringBuilder($"Hi{(first is null ? "" : " " + first)}! 👋");
        if (context.AssistantName is { } assistant)
        {
            reply.Append($" I'm {assistant}{(context.BusinessName is { } business ? $" from {business}" : "")}.");
        }
        else if (context.BusinessName is { } business)
        {
            reply.Append($" Welcome to {business}.");
        }
        reply.Append(" How can I help you today?");
        if (context.Topics.Count > 0)
        {
            reply.Append($" I can tell you about {JoinTopics(context.Topics)}.");
        }
        return reply.ToString();
    }

    /// <summary>The details understood, and either the go-ahead or why not with the nearest open times.</summary>
    static string DescribeBooking(BookingCheckResult booking)
    {
        if (!booking.Understood)
        {
            return booking.Problem ?? "Could you tell me the day and the time you'd like?";
        }
        var people = booking.PartySize is { } size ? $" for {size} {(size == 1 ? "person" : "people")}" : "";
        var when = $"{booking.Day} {booking.Date} at {booking.Time}";
        if (booking.Open)
        {
            return $"Noted: a booking{people} on {when}. Our team will confirm it by message.";
        }
        var alternatives = booking.Alternatives.Count == 0 ? "" : $" The nearest times we can offer: {string.Join(", ", booking.Alternatives)}. Which would suit you?";
        return $"I can't book{people} on {when}: {booking.Problem}{alternatives}";
    }

    static bool HoursTitle(string title) => title.Contains("hour", StringComparison.OrdinalIgnoreCase) || title.Contains("open", StringComparison.OrdinalIgnoreCase);

    static string DescribeHours(BusinessHoursResult hours)
    {
        var now = hours.OpenNow
            ? $"We're open right now, until {hours.ClosesAt}."
            : hours.NextOpening is { } next ? $"We're closed right now; we open again at {next}." : "We're closed right now.";
        return $"{now} Our opening hours: {string.Join("; ", hours.Week)}.";
    }

    static string JoinTopics(IReadOnlyList<string> topics)
    {
        var inSentence = topics.Select(LowerFirst).ToList();
        return inSentence.Count == 1 ? inSentence[0] : string.Join(", ", inSentence.Take(inSentence.Count - 1)) + " and " + inSentence[^1];
    }

    /// <summary>"Opening hours" reads "opening hours" mid-sentence; "FAQ" stays as it is.</summary>
    static string LowerFirst(string title) =>
        title.Length > 1 && char.IsUpper(title[0]) && char.IsLower(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    /// <summary>"Ana Silva" -> "Ana"; nothing for an unknown or unusable profile name.</summary>
    static string? FirstName(string? name)
    {
        var first = name?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is { Length: > 0 and <= 30 } && NamePattern().IsMatch(first) ? first : null;
    }

    [GeneratedRegex(@"^\p{L}[\p{L}'-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

/// <summary>Who the offline responder speaks for, read from the system prompt and tool declarations.</summary>
/// <param name="Texts">The fixed texts in the workspace's language: the offline responder writes no other language.</param>
internal sealed record OfflineContext(string? SenderName, string? BusinessName, string? AssistantName, IReadOnlyList<string> Topics, CustomerTexts Texts);

/// <summary>A tool's result as the tool loop returned it: JSON, or an error.</summary>
internal sealed record ToolOutcome(string Tool, JsonElement Result, string? Error)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public T? Read<T>() where T : class
    {
        if (Error is not null || Result.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        try
        {
            return Result.Deserialize<T>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
