using System.ComponentModel.DataAnnotations;

namespace Messaging.Tenancy.Reading;

/// <summary>Section <c>Tenancy:Reader</c>.</summary>
public sealed class TenancyReaderOptions
{
    public const string SectionName = "Tenancy:Reader";

    /// <summary>How often the whole cache is dropped anyway, in case a change event was missed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Tenancy:Reader:RefreshInterval must be between 1 second and 1 day.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
