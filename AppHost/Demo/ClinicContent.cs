namespace Messaging.AppHost.Demo;

/// <summary>Harbour Physio &amp; Family Clinic in Rotterdam: appointments, never medical advice, emergencies sent to 112.</summary>
internal static class ClinicContent
{
    public const string Slug = "harbour-clinic";

    public static readonly DemoBusiness Business = new(
        "Harbour Physio & Family Clinic", Slug, "Europe/Amsterdam",
        [
            .. DemoBusiness.Hours("08:00", "17:30", "monday", "tuesday", "wednesday", "thursday", "friday"),
        ],
        """
        You are the WhatsApp assistant of Harbour Physio & Family Clinic, a small clinic in Rotterdam.
        You answer in the customer's language, calmly and briefly, only with facts from the clinic's
        knowledge. You help patients book, move or cancel appointments within opening hours. You never
        diagnose, never advise on medication or symptoms, and for anything medical you offer a member of
        the clinic's staff; in an emergency you tell the patient to call 112.
        """,
        new
        {
            enabled = true,
            waitSeconds = 3,
            rules = new object[]
            {
                new
                {
                    id = "emergency",
                    label = "Emergency",
                    matcher = new { type = "keyword", keywords = new[] { "emergency", "chest pain", "can't breathe", "cannot breathe", "unconscious", "bleeding heavily", "spoedgeval" }, mode = "substring" },
                    response = new { type = "canned", text = "If this is an emergency, call 112 now. Outside opening hours the GP out-of-hours service (huisartsenpost) answers on 0900 1515. This chat is not monitored for emergencies." },
                },
                new
                {
                    id = "appointment",
                    label = "Appointments",
                    matcher = new { type = "semantic", description = "I would like to book an appointment. Can I see the doctor, or move or cancel my appointment? Een afspraak maken, verzetten of afzeggen.", threshold = 0.35 },
                    response = new { type = "ai", prompt = "The patient wants an appointment. Check the requested day and time with check_booking; ask for what is missing among the kind of appointment (physiotherapy or GP), day, time, name and email; capture the lead; say the reception confirms by message." },
                },
            },
            defaultRule = new
            {
                id = "default",
                label = "Everything else",
                response = new { type = "ai", prompt = "Answer practical questions from the clinic's knowledge. For anything about symptoms, medication or treatment, do not advise: offer a member of staff." },
            },
        },
        [
            ("Opening hours", "The clinic is open Monday to Friday from 8:00 to 17:30. We are closed at weekends and on public holidays. Outside opening hours call the GP out-of-hours service on 0900 1515; in an emergency call 112.", ["hours"]),
            ("Address and parking", "Harbour Physio & Family Clinic is at Wilhelminakade 88, Rotterdam, next to the Wilhelminaplein metro station. There is paid parking in the P+R garage across the street and a bicycle rack at the entrance.", ["address", "location"]),
            ("Appointments", "Physiotherapy sessions last 30 minutes and GP consultations 10 minutes. Book, move or cancel by replying here or by phone on 010 555 0103. Cancel at least 24 hours ahead; missed physiotherapy sessions are charged €45.", ["booking", "appointments"]),
            ("Insurance and costs", "Physiotherapy is covered by most supplementary insurance policies; without cover a session costs €45. GP care is covered by basic insurance. Bring your insurance card and ID to your first visit.", ["insurance", "prices"]),
            ("Medical questions and medication", "Our assistant cannot give medical advice, assess symptoms or advise on medication, pregnancy or side effects. A doctor or physiotherapist answers such questions at a consultation; in an emergency call 112.", ["medical", "medication", "symptoms"]),
            ("New patients", "We welcome new patients living in Rotterdam-Zuid. Register at the reception with your ID and insurance card; registration takes about ten minutes.", ["registration"]),
        ],
        null,
        new DemoMetaNumber(DemoAccounts.ClinicPhoneNumberId, "+31 10 555 0103", "sandbox-demo-clinic-access-token", "sandbox-demo-clinic-app-secret", "sandbox-demo-clinic-verify"),
        WithTwilio: false);
}
