using System.Net.Http.Headers;
using Messaging.Channels.Errors;

namespace Messaging.Channels.Tests.Errors;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seconds()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(17));
        Assert.Equal(TimeSpan.FromSeconds(17), RetryAfterHeader.Read(response.Headers, Now));
    }

    [Fact]
    public void Date()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(2), RetryAfterHeader.Read(response.Headers, Now));
    }

    [Fact]
    public void Absent_past_and_absurd_values()
    {
        using var response = new HttpResponseMessage();
        Assert.Null(RetryAfterHeader.Read(response.Headers, Now));
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(-2));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Read(response.Headers, Now));
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromDays(30));
        Assert.Equal(TimeSpan.FromHours(24), RetryAfterHeader.Read(response.Headers, Now));
    }
}
