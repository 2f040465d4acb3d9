using Agent.Tests.Infrastructure;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Customers;

/// <summary>A café like the demo's: its knowledge, its hours, a canned address rule and an AI default rule, answered offline.</summary>
public static class Cafe
{
    public const string Address = "Prinsengracht 263";

    public static IReadOnlyList<KnowledgeEntry> Knowledge { get; } =
    [
        new("hours", "Opening hours", "Café Aurora is open Monday to Friday from 8:00 to 18:00, and Saturday and Sunday from 9:00 to 17:00.", ["hours"]),
        new("address", "Address and directions", $"Café Aurora is at {Address}, 1016 GV Amsterdam, a five-minute walk from Westerkerk. There is bicycle parking in front; car parking is scarce.", ["location"]),
        new("menu", "Menu and prices", "Brunch is served all day: avocado toast €11.50, shakshuka €13, banana bread €4. We have vegan and gluten-free options on request.", ["menu", "prices"]),
        new("allergies", "Allergies", "Tell us about allergies when you order; our kitchen handles nuts, gluten and dairy, so we cannot guarantee trace-free dishes.", ["allergies"]),
    ];

    public static IReadOnlyList<BusinessHoursRange> Hours { get; } =
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new BusinessHoursRange(day, new TimeOnly(8, 0), new TimeOnly(18, 0))),
        .. new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }.Select(day => new BusinessHoursRange(day, new TimeOnly(9, 0), new TimeOnly(17, 0))),
    ];

    public static ReplyRule AddressRule { get; } = FakeTenancy.Keyword("Address", $"You'll find us at {Address}. 📍", KeywordMode.WholeWord, "where", "location", "address");

    public static ReplyRule AiDefault { get; } = new("default", "Everything else", null, new AiResponse("Answer from the café's knowledge."));

    public static TenantWorkspace Workspace(int waitSeconds = 0, WorkspacePersona? persona = null) =>
        FakeTenancy.Workspace([AddressRule], AiDefault, waitSeconds: waitSeconds, persona: persona) with
        {
            Name = "Café Aurora",
            TimeZone = "Europe/Amsterdam",
            BusinessHours = Hours,
            Knowledge = Knowledge,
        };
}
