using System.Globalization;
using System.Text.RegularExpressions;
using Admin.Tenancy.Validation;
using Messaging.Tenancy.Model;

namespace Admin.Tenancy.Workspaces;

public sealed record ValidWorkspace(string Name, string Slug, string TimeZone, IReadOnlyList<BusinessHoursRange> BusinessHours, long? LowCreditThreshold);

public static partial class WorkspaceValidator
{
    public const int MaxRangesPerDay = 4;
    public const int MaxRetentionDays = 3650;

    public static ValidWorkspace? Validate(WorkspaceRequest request, ValidationErrors errors)
    {
        var name = errors.Required("name", request.Name, 200);
        var slug = errors.Matching("slug", request.Slug?.ToLowerInvariant(), 63, SlugPattern(),
            "use 1 to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit");
        var timeZone = request.TimeZone is null ? "UTC" : errors.Required("timeZone", request.TimeZone, 100);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors.Add("timeZone", $"timeZone '{ValidationErrors.Shorten(timeZone)}' is not a known IANA time zone, such as 'Europe/Paris' or 'America/New_York'.");
        }
        var hours = ValidateBusinessHours(request.BusinessHours ?? [], errors);
        if (request.LowCreditThreshold is < 0 or > 1_000_000_000)
        {
            errors.Add("lowCreditThreshold", "lowCreditThreshold must be between 0 and 1,000,000,000 credits.");
        }
        return errors.IsValid ? new ValidWorkspace(name!, slug!, timeZone!, hours, request.LowCreditThreshold) : null;
    }

    public static RetentionPolicy? Validate(RetentionRequest request, ValidationErrors errors)
    {
        if (!TenancyCodes.TryParse<RetentionMode>(request.Mode, out var mode))
        {
            errors.Add("mode", $"mode must be {TenancyCodes.Describe<RetentionMode>()}: 'full' keeps message text, 'metadata' keeps only who, when and what kind.");
        }
        if (request.Days is not { } days || days < 1 || days > MaxRetentionDays)
        {
            errors.Add("days", $"days must be between 1 and {MaxRetentionDays}.");
        }
        return errors.IsValid ? new RetentionPolicy(mode, request.Days!.Value) : null;
    }

    static List<BusinessHoursRange> ValidateBusinessHours(IReadOnlyList<BusinessHoursRequest> requests, ValidationErrors errors)
    {
        var ranges = new List<BusinessHoursRange>();
        for (var i = 0; i < requests.Count; i++)
        {
            var field = $"businessHours[{i}]";
            var request = requests[i];
            if (request is null)
            {
                errors.Add(field, $"{field} is empty.");
                continue;
            }
            var dayValid = Enum.TryParse<DayOfWeek>(request.Day, ignoreCase: true, out var day) && !int.TryParse(request.Day, out _);
            if (!dayValid)
            {
                errors.Add($"{field}.day", $"{field}.day must be a day name, 'monday' to 'sunday'.");
            }
            var open = ParseTime($"{field}.open", request.Open, errors);
            var close = ParseTime($"{field}.close", request.Close, errors);
            if (open is null || close is null || !dayValid)
            {
                continue;
            }
            if (open >= close)
            {
                errors.Add(field, $"{field} opens at {request.Open} but closes at {request.Close}: close must be later than open (split ranges that cross midnight).");
                continue;
            }
            ranges.Add(new BusinessHoursRange(day, open.Value, close.Value));
        }
        foreach (var dayRanges in ranges.GroupBy(range => range.Day))
        {
            var ordered = dayRanges.OrderBy(range => range.Open).ToList();
            if (ordered.Count > MaxRangesPerDay)
            {
                errors.Add("businessHours", $"{dayRanges.Key} has {ordered.Count} ranges; the limit is {MaxRangesPerDay} a day.");
            }
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Open < ordered[i - 1].Close)
                {
                    errors.Add("businessHours", $"{dayRanges.Key} has overlapping ranges ({ordered[i - 1].Open:HH\\:mm}-{ordered[i - 1].Close:HH\\:mm} and {ordered[i].Open:HH\\:mm}-{ordered[i].Close:HH\\:mm}).");
                }
            }
        }
        return [.. ranges.OrderBy(range => ((int)range.Day + 6) % 7).ThenBy(range => range.Open)];
    }

    static TimeOnly? ParseTime(string field, string? text, ValidationErrors errors)
    {
        if (TimeOnly.TryParseExact(text, BusinessHoursJson.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        errors.Add(field, $"{field} must be a time written HH:mm, such as '09:00' or '17:30'.");
        return null;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SlugPattern();
}
