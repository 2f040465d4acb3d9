using System.Globalization;
using System.Text.RegularExpressions;
using Messaging.Tenancy.Model;

namespace Agent.Ai.Tools;

/// <summary>
/// Whether a requested booking falls in the opening hours: the day and time as customers write
/// them, resolved in the workspace's time zone to the next such moment. A booking must start at
/// least <see cref="MinimumStay"/> before closing. Rejected times come with the nearest open
/// half-hour slots: the closest ones on the same day, then the first ones on the next open day.
/// </summary>
public static partial class BookingCheck
{
    public static readonly TimeSpan MinimumStay = TimeSpan.FromMinutes(30);
    static readonly TimeSpan SlotStep = TimeSpan.FromMinutes(30);
    const int MaxAlternatives = 3;

    public static BookingCheckResult Check(
        IReadOnlyList<BusinessHoursRange> hours, string timeZoneId, DateTimeOffset now, string? day, string? time, int? partySize)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var at = ParseTime(time);
        var date = ParseDay(day, DateOnly.FromDateTime(local), at, local);
        if (partySize is < 1)
        {
            return Problem(date, at, partySize, "The party size must be at least 1.");
        }
        if (at is null || date is null)
        {
            return Problem(date, at, partySize, at is null ? "The time was not understood; ask for it (for example 19:00)." : "The day was not understood; ask for it (a weekday or a date).");
        }
        if (hours.Count == 0)
        {
            return new BookingCheckResult(true, true, Format(date.Value), date.Value.DayOfWeek.ToString(), Format(at.Value), partySize,
                "No opening hours are configured: the team must confirm the time.", []);
        }
        var requested = date.Value.ToDateTime(at.Value);
        if (requested < local)
        {
            return Problem(date, at, partySize, "That time has already passed.", Alternatives(hours, requested < local ? local : requested));
        }
        if (Fits(hours, requested))
        {
            return new BookingCheckResult(true, true, Format(date.Value), date.Value.DayOfWeek.ToString(), Format(at.Value), partySize, null, []);
        }
        var reason = hours.Any(range => range.Day == date.Value.DayOfWeek)
            ? $"The business is not open for bookings at {Format(at.Value)} on {date.Value.DayOfWeek} (opening hours that day: {DayHours(hours, date.Value.DayOfWeek)}; bookings end {MinimumStay.TotalMinutes:0} minutes before closing)."
            : $"The business is closed on {date.Value.DayOfWeek}s.";
        return Problem(date, at, partySize, reason, Alternatives(hours, requested));
    }

    static BookingCheckResult Problem(DateOnly? date, TimeOnly? at, int? partySize, string problem, IReadOnlyList<string>? alternatives = null) =>
        new(date is not null && at is not null, false, date is null ? null : Format(date.Value), date?.DayOfWeek.ToString(),
            at is null ? null : Format(at.Value), partySize, problem, alternatives ?? []);

    static bool Fits(IReadOnlyList<BusinessHoursRange> hours, DateTime moment)
    {
        var day = DateOnly.FromDateTime(moment);
        foreach (var candidate in new[] { day, day.AddDays(-1) })
        {
            foreach (var range in hours.Where(range => range.Day == candidate.DayOfWeek))
            {
                var open = candidate.ToDateTime(range.Open);
                var close = range.Close > range.Open ? candidate.ToDateTime(range.Close) : candidate.AddDays(1).ToDateTime(range.Close);
                if (open <= moment && moment + MinimumStay <= close)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The nearest bookable slots on the requested day, then the first ones of the next open days.</summary>
    static List<string> Alternatives(IReadOnlyList<BusinessHoursRange> hours, DateTime requested)
    {
        var day = DateOnly.FromDateTime(requested);
        var sameDay = Slots(hours, day).OrderBy(slot => Math.Abs((slot - requested).Ticks)).Take(2).OrderBy(slot => slot).ToList();
        var later = Enumerable.Range(1, 7).Select(day.AddDays)
            .Select(next => Slots(hours, next).OrderBy(slot => Math.Abs((slot.TimeOfDay - requested.TimeOfDay).Ticks)).FirstOrDefault())
            .Where(slot => slot != default).Take(MaxAlternatives - sameDay.Count);
        return [.. sameDay.Concat(later).Select(slot => $"{slot.DayOfWeek} {slot:yyyy-MM-dd} {slot.ToString("HH:mm", CultureInfo.InvariantCulture)}")];
    }

    static IEnumerable<DateTime> Slots(IReadOnlyList<BusinessHoursRange> hours, DateOnly day)
    {
        foreach (var range in hours.Where(range => range.Day == day.DayOfWeek).OrderBy(range => range.Open))
        {
            var close = range.Close > range.Open ? day.ToDateTime(range.Close) : day.AddDays(1).ToDateTime(range.Close);
            for (var slot = day.ToDateTime(range.Open); slot + MinimumStay <= close; slot += SlotStep)
            {
                yield return slot;
            }
        }
    }

    static string DayHours(IReadOnlyList<BusinessHoursRange> hours, DayOfWeek day) => string.Join(", ", hours.Where(range => range.Day == day)
        .OrderBy(range => range.Open).Select(range => $"{Format(range.Open)}-{Format(range.Close)}"));

    static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"19:00", "19h", "19.30", "7pm", "7:30 pm", "at 7".</summary>
    public static TimeOnly? ParseTime(string? text)
    {
        var matches = string.IsNullOrWhiteSpace(text) ? [] : TimePattern().Matches(text).ToList();
        // "a table for 4 at 19:00": the number with minutes, "h" or am/pm is the time.
        var match = matches.FirstOrDefault(m => m.Groups["minute"].Success || m.Groups["meridiem"].Success || m.Groups["h"].Success)
            ?? matches.FirstOrDefault();
        if (match is null)
        {
            return null;
        }
        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = match.Groups["meridiem"].Value.ToLowerInvariant();
        if (meridiem.StartsWith('p') && hour < 12)
        {
            hour += 12;
        }
        else if (meridiem.StartsWith('a') && hour == 12)
        {
            hour = 0;
        }
        else if (meridiem.Length == 0 && !match.Groups["minute"].Success && !match.Groups["h"].Success && hour is >= 1 and <= 7)
        {
            // "at 7" for a table or an appointment means the evening.
            hour += 12;
        }
        return hour is >= 0 and <= 23 && minute is >= 0 and <= 59 ? new TimeOnly(hour, minute) : null;
    }

    /// <summary>A weekday (the next one; today when the time is still ahead), today, tomorrow, or yyyy-MM-dd.</summary>
    public static DateOnly? ParseDay(string? text, DateOnly today, TimeOnly? at, DateTime localNow)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var clean = text.Trim().ToLowerInvariant();
        if (DateOnly.TryParseExact(clean, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return exact;
        }
        if (TodayPattern().IsMatch(clean))
        {
            return today;
        }
        if (TomorrowPattern().IsMatch(clean))
        {
            return today.AddDays(1);
        }
        foreach (var (day, names) in WeekdayNames)
        {
            if (names.Any(name => Regex.IsMatch(clean, $@"\b{name}\b", RegexOptions.CultureInvariant)))
            {
                var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
                if (ahead == 0 && at is { } time && today.ToDateTime(time) <= localNow)
                {
                    ahead = 7;
                }
                return today.AddDays(ahead);
            }
        }
        return null;
    }

    /// <summary>Weekday names in the languages the demo businesses see most.</summary>
    static readonly (DayOfWeek Day, string[] Names)[] WeekdayNames =
    [
        (DayOfWeek.Monday, ["monday", "mon", "segunda", "lunes", "lundi", "montag", "maandag"]),
        (DayOfWeek.Tuesday, ["tuesday", "tue", "tues", "terça", "martes", "mardi", "dienstag", "dinsdag"]),
        (DayOfWeek.Wednesday, ["wednesday", "wed", "quarta", "miércoles", "miercoles", "mercredi", "mittwoch", "woensdag"]),
        (DayOfWeek.Thursday, ["thursday", "thu", "thurs", "quinta", "jueves", "jeudi", "donnerstag", "donderdag"]),
        (DayOfWeek.Friday, ["friday", "fri", "sexta", "viernes", "vendredi", "freitag", "vrijdag"]),
        (DayOfWeek.Saturday, ["saturday", "sat", "sábado", "sabado", "samedi", "samstag", "zaterdag"]),
        (DayOfWeek.Sunday, ["sunday", "sun", "domingo", "dimanche", "sonntag", "zondag"]),
    ];

    [GeneratedRegex(@"\b(?<hour>[01]?\d|2[0-3])(?:(?<sep>[:.h])(?<minute>[0-5]\d))?(?<h>h)?\s*(?<meridiem>[ap]\.?m\.?)?(?![\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"\b(?:today|tonight|this\s+evening|hoje|hoy|aujourd'hui|heute|vandaag)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TodayPattern();

    [GeneratedRegex(@"\b(?:tomorrow|amanhã|amanha|mañana|manana|demain|morgen)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TomorrowPattern();
}
