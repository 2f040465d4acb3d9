namespace Messaging.AppHost.Demo;

/// <summary>What Café Aurora's bot knows and how it answers.</summary>
internal static class DemoContent
{
    public const string Slug = "cafe-aurora";

    public static DemoBusiness Business => new(
        "Café Aurora", Slug, "Europe/Amsterdam", BusinessHours, Persona, ReplyConfig, Knowledge, FollowUpTemplate,
        new DemoMetaNumber(DemoAccounts.MetaPhoneNumberId, DemoAccounts.MetaDisplayNumber, DemoAccounts.MetaAccessToken, DemoAccounts.MetaAppSecret, DemoAccounts.MetaVerifyToken),
        WithTwilio: true);

    public const string Persona = """
        You are Aurora, the friendly WhatsApp assistant of Café Aurora, a small café and brunch place
        on the Prinsengracht in Amsterdam. You answer in the customer's language, warmly and briefly
        (two or three sentences), and only with facts from the café's knowledge. You help people book
        a table, and when you cannot help you offer to pass the conversation to a member of the team.
        """;

    static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    static readonly string[] Weekend = ["saturday", "sunday"];

    public static readonly object[] BusinessHours =
    [
        .. Weekdays.Select(day => new { day, open = "08:00", close = "18:00" }),
        .. Weekend.Select(day => new { day, open = "09:00", close = "17:00" }),
    ];

    public static readonly object ReplyConfig = new
    {
        enabled = true,
        waitSeconds = 3,
        rules = new object[]
        {
            new
            {
                id = "hours",
                label = "Opening hours",
                matcher = new { type = "keyword", keywords = new[] { "hours", "open", "opening", "closing", "openingstijden" }, mode = "whole_word" },
                response = new { type = "canned", text = "We're open Monday to Friday 8:00-18:00 and on weekends 9:00-17:00. See you soon at Café Aurora! ☕" },
            },
            new
            {
                id = "location",
                label = "Address",
                matcher = new { type = "keyword", keywords = new[] { "address", "where", "location", "directions", "adres" }, mode = "whole_word" },
                response = new { type = "canned", text = "You'll find us at Prinsengracht 263, 1016 GV Amsterdam, a five-minute walk from Westerkerk. 📍" },
            },
            new
            {
                id = "booking",
                label = "Table booking",
                matcher = new { type = "semantic", description = "I'd like to reserve a table for a group. Can I book a table? Een tafel reserveren.", threshold = 0.35 },
                response = new { type = "ai", prompt = "The customer wants a table. Ask for what is missing among date, time, number of people, name and email; when you have the name and email, capture the lead; confirm that the team will confirm the booking by message." },
            },
        },
        defaultRule = new
        {
            id = "default",
            label = "Everything else",
            response = new { type = "ai", prompt = "Answer from the café's knowledge. If the question is not covered, say so and offer to pass the conversation to the team." },
        },
    };

    public static readonly (string Title, string Content, string[] Tags)[] Knowledge =
    [
        ("Opening hours", "Café Aurora is open Monday to Friday from 8:00 to 18:00, and Saturday and Sunday from 9:00 to 17:00. The kitchen closes 30 minutes before closing time. We are closed on King's Day and Christmas Day.", ["hours"]),
        ("Address and directions", "Café Aurora is at Prinsengracht 263, 1016 GV Amsterdam, a five-minute walk from Westerkerk. Trams 13 and 17 stop at Westermarkt. There is bicycle parking in front; car parking is scarce.", ["location"]),
        ("Menu and prices", "Brunch is served all day: avocado toast €11.50, shakshuka €13, pancakes with berries €10.50, the Aurora breakfast plate €16, banana bread €4 a slice. Coffee from €3.20, fresh orange juice €4.50. We have vegan and gluten-free options on request.", ["menu", "prices"]),
        ("Table bookings", "We take bookings for groups of 1 to 8 people, up to 30 days ahead. Larger groups can ask for the back room. We hold a booked table for 15 minutes. Walk-ins are welcome when there is room.", ["booking"]),
        ("Allergies", "Tell us about allergies when you order; our kitchen handles nuts, gluten and dairy, so we cannot guarantee trace-free dishes.", ["allergies"]),
    ];

    public const string FollowUpName = "follow_up";
    public const string FollowUpLanguage = "en";
    public const string FollowUpBody = "Hi {{1}}, thanks for contacting Café Aurora! Reply to this message to continue our conversation.";
    public const string FollowUpContentSid = "HXc0ffee00000000000000000000000002";

    public static readonly object FollowUpTemplate = new
    {
        name = FollowUpName,
        language = FollowUpLanguage,
        category = "utility",
        body = FollowUpBody,
        status = "approved",
        twilioContentSid = FollowUpContentSid,
    };
}
