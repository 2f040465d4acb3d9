using System.ComponentModel;
using Messaging.Tenancy.Model;
using Microsoft.SemanticKernel;

namespace Agent.Ai.Tools;

/// <summary>business_hours and check_booking: the workspace's opening hours, now and for a requested time.</summary>
public sealed class HoursPlugin(TenantWorkspace workspace, TimeProvider clock)
{
    public const string PluginName = "hours";

    [KernelFunction(ToolNames.BusinessHours)]
    [Description("Tells whether the business is open right now, when it closes or opens next, and the weekly opening hours.")]
    public BusinessHoursResult BusinessHours() =>
        BusinessHoursCalculator.Calculate(workspace.BusinessHours, workspace.TimeZone, clock.GetUtcNow());

    [KernelFunction(ToolNames.CheckBooking)]
    [Description("Checks a requested booking (table or appointment) against the opening hours before you accept it. Returns whether the time is open, the details understood (party size, date, time) to confirm back to the customer, and the nearest open times when it is not. Never accept a booking this tool rejects.")]
    public BookingCheckResult CheckBooking(
        [Description("The day as the customer said it: a weekday (\"friday\"), \"today\", \"tomorrow\" or a date (yyyy-MM-dd).")] string day,
        [Description("The time as the customer said it: \"19:00\", \"7pm\", \"7:30 pm\".")] string time,
        [Description("How many people, if the customer said.")] int? partySize = null) =>
        BookingCheck.Check(workspace.BusinessHours, workspace.TimeZone, clock.GetUtcNow(), day, time, partySize);
}
