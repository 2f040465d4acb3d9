using System.Globalization;
using Messaging.Tenancy.Model;

namespace Agent.Ai.Tools;

/// <summary>
/// Whether a workspace is open at an instant, in its own time zone. A range whose close is not
/// after its open (22:00-02:00, or 09:00-00:00) runs past midnight into the next day.
/// </summary>
public static class BusinessHoursCalculator
{
    const string TimeFormat = "HH:mm";

    public static BusinessHoursResult Calculate(IReadOnlyList<BusinessHoursRange> ranges, string timeZoneId, DateTimeOffset now)
    {
        var zone = FindZone(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var localText = $"{local.DayOfWeek} {local.ToString(TimeFormat, CultureInfo.InvariantCulture)}";
        if (ranges.Count == 0)
        {
            return new BusinessHoursResult(false, zone.Id, localText, false, null, null, []);
        }

        // Every opening from a week ago to a week ahead, in local wall-clock time, touching ones merged.
        var today = DateOnly.FromDateTime(local);
        var openings = Merge(Enumerable.Range(-7, 15)
            .Select(today.AddDays)
            .SelectMany(day => ranges.Where(range => range.Day == day.DayOfWeek).Select(range => Opening.Of(day, range))));

        var current = openings.FirstOrDefault(opening => opening.Start <= local && local < opening.End);
        var next = openings.FirstOrDefault(opening => opening.Start > local);
        return new BusinessHoursResult(
            true,
            zone.Id,
            localText,
            current is not null,
            current is null ? null : Describe(current.End, local),
            next is null ? null : Describe(next.Start, local),
            Week(ranges));
    }

    static TimeZoneInfo FindZone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    static List<Opening> Merge(IEnumerable<Opening> openings)
    {
        var merged = new List<Opening>();
        foreach (var opening in openings.OrderBy(opening => opening.Start))
        {
            if (merged.Count > 0 && opening.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = opening.End > merged[^1].End ? opening.End : merged[^1].End };
            }
            else
            {
                merged.Add(opening);
            }
        }
        return merged;
    }

    sealed record Opening(DateTime Start, DateTime End)
    {
        public static Opening Of(DateOnly day, BusinessHoursRange range) => new(
            day.ToDateTime(range.Open),
            range.Close > range.Open ? day.ToDateTime(range.Close) : day.AddDays(1).ToDateTime(range.Close));
    }

    /// <summary>"17:30 today", "09:00 tomorrow (Saturday)" or "09:00 on Monday".</summary>
    static string Describe(DateTime moment, DateTime local)
    {
        var time = moment.ToString(TimeFormat, CultureInfo.InvariantCulture);
        var days = DateOnly.FromDateTime(moment).DayNumber - DateOnly.FromDateTime(local).DayNumber;
        return days switch
        {
            0 => $"{time} today",
            1 => $"{time} tomorrow ({moment.DayOfWeek})",
            _ => $"{time} on {moment.DayOfWeek}",
        };
    }

    /// <summary>Monday first, the way customers read a schedule, days with the same hours grouped: "Monday-Friday: 09:00-17:30".</summary>
    static List<string> Week(IReadOnlyList<BusinessHoursRange> ranges)
    {
        DayOfWeek[] order = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        var days = order.Select(day =>
        {
            var hours = ranges.Where(range => range.Day == day).OrderBy(range => range.Open)
                .Select(range => $"{range.Open.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{range.Close.ToString(TimeFormat, CultureInfo.InvariantCulture)}")
                .ToList();
            return (Day: day, Hours: hours.Count == 0 ? "closed" : string.Join(", ", hours));
        }).ToList();

        var lines = new List<string>();
        for (var start = 0; start < days.Count;)
        {
            var end = start;
            while (end + 1 < days.Count && days[end + 1].Hours == days[start].Hours)
            {
                end++;
            }
            var label = end == start ? $"{days[start].Day}" : $"{days[start].Day}-{days[end].Day}";
            lines.Add($"{label}: {days[start].Hours}");
            start = end + 1;
        }
        return lines;
    }
}
