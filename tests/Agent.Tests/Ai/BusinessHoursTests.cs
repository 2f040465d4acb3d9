using Agent.Ai.Tools;
using Messaging.Tenancy.Model;
using Microsoft.SemanticKernel;

namespace Agent.Tests.Ai;

/// <summary>business_hours through its kernel function with a stopped clock, across time zones and midnights.</summary>
public sealed class BusinessHoursTests
{
    static async Task<BusinessHoursResult> AskAsync(DateTimeOffset utcNow, string timeZone, IReadOnlyList<BusinessHoursRange>? hours = null)
    {
        var workspace = AiTestKit.Workspace(hours: hours, timeZone: timeZone);
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(new HoursPlugin(workspace, new FixedTimeProvider(utcNow)), HoursPlugin.PluginName);

        var result = await kernel.InvokeAsync(HoursPlugin.PluginName, ToolNames.BusinessHours, cancellationToken: TestContext.Current.CancellationToken);

        return result.GetValue<BusinessHoursResult>()!;
    }

    [Fact]
    public async Task Open_during_hours_in_the_workspace_time_zone()
    {
        // 16:30 UTC on Monday 10 March 2025 is 16:30 in Lisbon.
        var result = await AskAsync(AiTestKit.MondayUtc(16, 30), "Europe/Lisbon");

        Assert.True(result.Configured);
        Assert.True(result.OpenNow);
        Assert.Equal("18:00 today", result.ClosesAt);
        Assert.Equal("Monday 16:30", result.LocalTime);
        Assert.Equal("09:00 tomorrow (Tuesday)", result.NextOpening);
        Assert.Equal(["Monday-Friday: 09:00-18:00", "Saturday: 10:00-14:00", "Sunday: closed"], result.Week);
    }

    [Fact]
    public async Task The_same_instant_is_after_hours_in_another_time_zone()
    {
        // 16:30 UTC on Monday is 03:30 on Tuesday in Sydney (daylight time, UTC+11).
        var result = await AskAsync(AiTestKit.MondayUtc(16, 30), "Australia/Sydney");

        Assert.False(result.OpenNow);
        Assert.Equal("Tuesday 03:30", result.LocalTime);
        Assert.Equal("09:00 today", result.NextOpening);
        Assert.Null(result.ClosesAt);
    }

    [Fact]
    public async Task Before_opening_in_a_zone_behind_utc_it_is_still_the_previous_day()
    {
        // 03:00 UTC on Monday is 23:00 on Sunday in New York (daylight time since 9 March, UTC-4).
        var result = await AskAsync(AiTestKit.MondayUtc(3), "America/New_York");

        Assert.False(result.OpenNow);
        Assert.Equal("Sunday 23:00", result.LocalTime);
        Assert.Equal("09:00 tomorrow (Monday)", result.NextOpening);
    }

    [Fact]
    public async Task After_saturday_closing_the_next_opening_is_monday()
    {
        var saturdayAfternoon = new DateTimeOffset(2025, 3, 15, 15, 0, 0, TimeSpan.Zero);

        var result = await AskAsync(saturdayAfternoon, "Europe/Lisbon");

        Assert.False(result.OpenNow);
        Assert.Equal("09:00 on Monday", result.NextOpening);
    }

    [Fact]
    public async Task A_range_past_midnight_keeps_the_business_open_into_the_next_day()
    {
        IReadOnlyList<BusinessHoursRange> nights = [new(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(2, 0))];
        var saturdayOneAm = new DateTimeOffset(2025, 3, 15, 1, 0, 0, TimeSpan.Zero);

        var result = await AskAsync(saturdayOneAm, "Europe/Lisbon", nights);

        Assert.True(result.OpenNow);
        Assert.Equal("02:00 today", result.ClosesAt);
        Assert.Equal("22:00 on Friday", result.NextOpening);
    }

    [Fact]
    public async Task Adjacent_ranges_count_as_one_opening()
    {
        IReadOnlyList<BusinessHoursRange> split = [new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)), new(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(17, 0))];

        var result = await AskAsync(AiTestKit.MondayUtc(11), "Europe/Lisbon", split);

        Assert.Equal("17:00 today", result.ClosesAt);
        Assert.Equal("Monday: 09:00-12:00, 12:00-17:00", result.Week[0]);
    }

    [Fact]
    public async Task No_configured_hours_says_so()
    {
        var result = await AskAsync(AiTestKit.MondayUtc(11), "Europe/Lisbon", []);

        Assert.False(result.Configured);
        Assert.False(result.OpenNow);
        Assert.Empty(result.Week);
    }

    [Fact]
    public async Task An_unknown_time_zone_falls_back_to_utc()
    {
        var result = await AskAsync(AiTestKit.MondayUtc(8, 30), "Mars/Olympus_Mons");

        Assert.Equal("UTC", result.TimeZone);
        Assert.False(result.OpenNow);
        Assert.Equal("09:00 today", result.NextOpening);
    }
}
