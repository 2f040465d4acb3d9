namespace Messaging.AppHost.Demo;

/// <summary>Studio Lumen, a hair salon in Lisbon: appointments within its hours, a patch test before colour.</summary>
internal static class SalonContent
{
    public const string Slug = "studio-lumen";

    public static readonly DemoBusiness Business = new(
        "Studio Lumen", Slug, "Europe/Lisbon",
        [
            .. DemoBusiness.Hours("09:30", "19:00", "tuesday", "wednesday", "thursday", "friday"),
            .. DemoBusiness.Hours("09:00", "16:00", "saturday"),
        ],
        """
        You are Lumi, the WhatsApp assistant of Studio Lumen, a hair salon in Lisbon. You answer in the
        customer's language, warmly and in two or three sentences, only with facts from the salon's
        knowledge. You help people book an appointment within the opening hours, and you never promise
        a colour result or advise on skin or scalp problems: you offer a stylist instead.
        """,
        new
        {
            enabled = true,
            waitSeconds = 3,
            rules = new object[]
            {
                new
                {
                    id = "prices",
                    label = "Price list",
                    matcher = new { type = "keyword", keywords = new[] { "price", "prices", "preço", "preços", "how much", "quanto" }, mode = "whole_word" },
                    response = new { type = "canned", text = "Our prices: women's cut and blow-dry €45, men's cut €25, colour from €60, highlights from €85, children under 12 €18. 💇" },
                },
                new
                {
                    id = "appointment",
                    label = "Book an appointment",
                    matcher = new { type = "semantic", description = "I would like to book a hair appointment. Can I book a haircut or colour, or move my appointment? Marcar, agendar ou remarcar uma marcação.", threshold = 0.35 },
                    response = new { type = "ai", prompt = "The customer wants an appointment. Check the requested day and time with check_booking; ask for the service, day, time, name and email that are missing; capture the lead with the service as interest; say a stylist confirms by message." },
                },
            },
            defaultRule = new
            {
                id = "default",
                label = "Everything else",
                response = new { type = "ai", prompt = "Answer from the salon's knowledge. If the question is not covered, say so and offer to pass the conversation to a stylist." },
            },
        },
        [
            ("Opening hours", "Studio Lumen is open Tuesday to Friday from 9:30 to 19:00 and on Saturday from 9:00 to 16:00. We are closed on Sundays, Mondays and public holidays.", ["hours"]),
            ("Location and parking", "Studio Lumen is at Rua das Flores 12, Lisbon, two minutes from Baixa-Chiado metro. There is a public car park on Rua do Crucifixo; street parking is limited.", ["address", "location"]),
            ("Services and prices", "Women's cut and blow-dry €45, men's cut €25, children under 12 €18, colour from €60, highlights from €85, balayage from €120, Olaplex treatment €35. We accept cards, MB Way and cash.", ["prices", "services"]),
            ("Appointments and cancellations", "Book by replying here with the service, day and time, or at studiolumen.example/book. A stylist confirms every booking within a few hours. Please give 24 hours' notice to cancel; late cancellations are charged 50%.", ["booking", "appointments"]),
            ("Colour, allergies and the patch test", "Hair dye can cause allergic reactions. Everyone having colour for the first time, or after a break of six months, needs a free patch test at least 48 hours before the appointment. Tell us about any allergy, sensitive scalp or skin condition; a stylist decides whether colour is safe.", ["allergy", "patch test", "colour"]),
            ("Products", "We use vegan, cruelty-free Davines products and Olaplex treatments for damaged hair; they are for sale at the reception.", ["products", "brands"]),
        ],
        null,
        new DemoMetaNumber(DemoAccounts.SalonPhoneNumberId, "+351 21 555 0102", "sandbox-demo-salon-access-token", "sandbox-demo-salon-app-secret", "sandbox-demo-salon-verify"),
        WithTwilio: false,
        PlatformNumber: new DemoMetaNumber(DemoPlatformApp.SalonPhoneNumberId, DemoPlatformApp.SalonDisplayNumber, "", "", ""));
}
