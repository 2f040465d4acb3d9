namespace Messaging.AppHost.Demo;

/// <summary>One demo business: its workspace, hours, persona, reply rules, knowledge and its Sandbox number(s).</summary>
internal sealed record DemoBusiness(
    string Name,
    string Slug,
    string TimeZone,
    object[] BusinessHours,
    string Persona,
    object ReplyConfig,
    (string Title, string Content, string[] Tags)[] Knowledge,
    object? Template,
    DemoMetaNumber Meta,
    bool WithTwilio,
    DemoMetaNumber? PlatformNumber = null)
{
    /// <summary>Café Aurora first: the phone simulator, the README and the end-to-end tests start with it.</summary>
    public static IReadOnlyList<DemoBusiness> All { get; } = [DemoContent.Business, SalonContent.Business, ClinicContent.Business];

    /// <summary>Opening hours as the tenancy API takes them: the same hours on each of the days.</summary>
    public static IEnumerable<object> Hours(string open, string close, params string[] days) =>
        days.Select(day => new { day, open, close });
}

/// <summary>A Meta number of the Sandbox: the emulator's credentials, no real account's (none for a number of the platform app).</summary>
internal sealed record DemoMetaNumber(string PhoneNumberId, string DisplayNumber, string AccessToken, string AppSecret, string VerifyToken);
