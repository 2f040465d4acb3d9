using System.Net.Http.Headers;

namespace Messaging.Channels.Errors;

/// <summary>Reads <c>Retry-After</c>, which may be a number of seconds or a date.</summary>
public static class RetryAfterHeader
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        var delay = value?.Delta ?? (value?.Date is { } date ? date - now : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, Longest.Ticks)) : null;
    }
}
