using System.Globalization;
using System.Text.Json;

namespace Messaging.Tenancy.Model;

/// <summary>
/// How business hours are stored (<c>workspaces.business_hours</c>) and shown by the API:
/// <c>[{"day":"monday","open":"09:00","close":"17:30"}]</c>.
/// </summary>
public static class BusinessHoursJson
{
    public const string TimeFormat = "HH:mm";

    public static string Serialize(IEnumerable<BusinessHoursRange> ranges) =>
        JsonSerializer.Serialize(ranges.Select(ToStored).ToList(), JsonSerializerOptions.Web);

    public static IReadOnlyList<BusinessHoursRange> Deserialize(string json) =>
        (JsonSerializer.Deserialize<List<StoredRange>>(json, JsonSerializerOptions.Web) ?? [])
            .Select(range => new BusinessHoursRange(
                Enum.Parse<DayOfWeek>(range.Day, ignoreCase: true),
                TimeOnly.ParseExact(range.Open, TimeFormat, CultureInfo.InvariantCulture),
                TimeOnly.ParseExact(range.Close, TimeFormat, CultureInfo.InvariantCulture)))
            .ToList();

    public static StoredRange ToStored(BusinessHoursRange range) => new(
        range.Day.ToString().ToLowerInvariant(),
        range.Open.ToString(TimeFormat, CultureInfo.InvariantCulture),
        range.Close.ToString(TimeFormat, CultureInfo.InvariantCulture));

    public sealed record StoredRange(string Day, string Open, string Close);
}
