using System.Collections.Frozen;

namespace Agent.Ai.Languages;

/// <summary>
/// The fixed texts the Agent sends without a model (hand-off, personal-data request, opt-out
/// confirmation and welcome back, the offline responder's "a person will follow up" and "I don't
/// have that information"), in every language <see cref="Supported"/> lists: English, Spanish,
/// Portuguese, French, German, Dutch, Arabic and Chinese. <see cref="For"/> picks the customer's
/// language when the workspace serves it, else the workspace's first language that has texts,
/// else English.
/// </summary>
public sealed record CustomerTexts(
    string Code,
    string Handoff,
    string DataRequest,
    string OptOutConfirmation,
    string OptInWelcome,
    string ForeignLanguageTemplate,
    string NoAnswerOffer)
{
    /// <summary>"{0}": the language the reply is in, named in that language.</summary>
    public string ForeignLanguage(string replyLanguageName) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ForeignLanguageTemplate, replyLanguageName);

    static readonly FrozenDictionary<string, CustomerTexts> Catalogue = new CustomerTexts[]
    {
        new("en",
            "I've asked a member of our team to take over: they'll reply here as soon as they can.",
            "I've passed your request about your personal data to our team: a member of staff will reply here.",
            "You're unsubscribed: we won't send you any more automated messages. Reply START to receive them again.",
            "Welcome back! You'll receive our messages again. Reply STOP at any time to unsubscribe.",
            "Thanks for your message! I can only answer in {0} here, so a member of our team will follow up with you in this chat.",
            "I'm sorry, I don't have that information here. Would you like me to ask someone from our team to get back to you?"),
        new("es",
            "He pedido a una persona de nuestro equipo que continúe: te responderá aquí lo antes posible.",
            "He pasado tu solicitud sobre tus datos personales a nuestro equipo: una persona te responderá aquí.",
            "Listo: no te enviaremos más mensajes automáticos. Responde START para volver a recibirlos.",
            "¡Bienvenido de nuevo! Volverás a recibir nuestros mensajes. Responde BAJA para darte de baja.",
            "¡Gracias por tu mensaje! Aquí solo puedo responder en {0}, así que una persona de nuestro equipo te contestará en este chat.",
            "Lo siento, no tengo esa información aquí. ¿Quieres que le pida a alguien de nuestro equipo que te responda?"),
        new("pt",
            "Pedi a um membro da nossa equipa que continue a conversa: vai responder aqui o mais depressa possível.",
            "Passei o seu pedido sobre os seus dados pessoais à nossa equipa: um membro da equipa vai responder aqui.",
            "Pronto: não enviaremos mais mensagens automáticas. Responda START para voltar a recebê-las.",
            "Bem-vindo de volta! Voltará a receber as nossas mensagens. Responda PARAR para sair.",
            "Obrigado pela sua mensagem! Aqui só consigo responder em {0}, por isso um membro da nossa equipa vai responder-lhe neste chat.",
            "Lamento, não tenho essa informação aqui. Quer que peça a alguém da nossa equipa para lhe responder?"),
        new("fr",
            "J'ai demandé à un membre de notre équipe de prendre le relais : il vous répondra ici dès que possible.",
            "J'ai transmis votre demande concernant vos données personnelles à notre équipe : un membre du personnel vous répondra ici.",
            "C'est noté : vous ne recevrez plus de messages automatiques. Répondez START pour les recevoir à nouveau.",
            "Bon retour ! Vous recevrez à nouveau nos messages. Répondez STOP pour vous désabonner.",
            "Merci pour votre message ! Je ne peux répondre ici qu'en {0}, un membre de notre équipe vous répondra donc dans cette conversation.",
            "Désolé, je n'ai pas cette information ici. Voulez-vous que je demande à quelqu'un de notre équipe de vous répondre ?"),
        new("de",
            "Ich habe ein Mitglied unseres Teams gebeten, zu übernehmen: Es antwortet Ihnen hier so bald wie möglich.",
            "Ich habe Ihre Anfrage zu Ihren persönlichen Daten an unser Team weitergegeben: Eine Mitarbeiterin oder ein Mitarbeiter antwortet Ihnen hier.",
            "Erledigt: Sie erhalten keine automatischen Nachrichten mehr. Antworten Sie START, um sie wieder zu erhalten.",
            "Willkommen zurück! Sie erhalten wieder unsere Nachrichten. Antworten Sie STOPP zum Abmelden.",
            "Danke für Ihre Nachricht! Ich kann hier nur auf {0} antworten, deshalb meldet sich ein Mitglied unseres Teams in diesem Chat bei Ihnen.",
            "Das tut mir leid, diese Information habe ich hier nicht. Soll ich jemanden aus unserem Team bitten, sich bei Ihnen zu melden?"),
        new("nl",
            "Ik heb een collega van ons team gevraagd het over te nemen: die antwoordt hier zo snel mogelijk.",
            "Ik heb je verzoek over je persoonsgegevens doorgegeven aan ons team: een medewerker antwoordt je hier.",
            "Gelukt: je ontvangt geen automatische berichten meer. Antwoord START om ze weer te ontvangen.",
            "Welkom terug! Je ontvangt onze berichten weer. Antwoord STOP om je af te melden.",
            "Bedankt voor je bericht! Ik kan hier alleen in het {0} antwoorden, dus een collega van ons team neemt in deze chat contact met je op.",
            "Sorry, die informatie heb ik hier niet. Zal ik iemand van ons team vragen om je te antwoorden?"),
        new("ar",
            "طلبت من أحد أعضاء فريقنا متابعة المحادثة: سيرد عليك هنا في أقرب وقت ممكن.",
            "أحلت طلبك المتعلق ببياناتك الشخصية إلى فريقنا: سيرد عليك أحد الموظفين هنا.",
            "تم إلغاء اشتراكك: لن نرسل إليك أي رسائل تلقائية بعد الآن. أرسل START لتلقيها مرة أخرى.",
            "مرحبًا بعودتك! ستتلقى رسائلنا مرة أخرى. أرسل STOP في أي وقت لإلغاء الاشتراك.",
            "شكرًا على رسالتك! لا يمكنني الرد هنا إلا باللغة {0}، لذلك سيتابع معك أحد أعضاء فريقنا في هذه المحادثة.",
            "عذرًا، لا تتوفر لدي هذه المعلومات هنا. هل تريد أن أطلب من أحد أعضاء فريقنا الرد عليك؟"),
        new("zh",
            "我已请我们团队的一位成员接手：他们会尽快在这里回复您。",
            "我已将您关于个人数据的请求转交给我们的团队：工作人员会在这里回复您。",
            "您已退订：我们不会再向您发送任何自动消息。回复 START 即可重新接收。",
            "欢迎回来！您将再次收到我们的消息。随时回复 STOP 即可退订。",
            "感谢您的留言！我在这里只能用{0}回复，所以我们团队的成员会在此对话中跟进。",
            "抱歉，我这里没有这方面的信息。需要我请我们团队的人回复您吗？"),
    }.ToFrozenDictionary(texts => texts.Code, StringComparer.Ordinal);

    /// <summary>The languages with texts, English first.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["en", "es", "pt", "fr", "de", "nl", "ar", "zh"];

    /// <summary>Language names as their speakers write them, for "I can only answer in ... here".</summary>
    static readonly FrozenDictionary<string, string> OwnNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "English", ["es"] = "español", ["pt"] = "português", ["fr"] = "français", ["de"] = "Deutsch", ["nl"] = "Nederlands",
        ["ar"] = "العربية", ["zh"] = "中文",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The texts for a customer writing in <paramref name="customerLanguage"/> (null when unknown)
    /// to a workspace serving <paramref name="workspaceLanguages"/>, first one first.
    /// </summary>
    public static CustomerTexts For(IReadOnlyList<string> workspaceLanguages, string? customerLanguage = null) =>
        customerLanguage is not null && workspaceLanguages.Contains(customerLanguage) && Catalogue.TryGetValue(customerLanguage, out var customers)
            ? customers
            : workspaceLanguages.Select(code => Catalogue.GetValueOrDefault(code)).FirstOrDefault(texts => texts is not null) ?? Catalogue["en"];

    /// <summary>The language's name in that language ("português"), or the English name for one without texts.</summary>
    public static string NameIn(string code) => OwnNames.GetValueOrDefault(code) ?? MessageLanguage.NameOf(code);

    /// <summary>Every offer of a person in every language: the next "yes" to one of them hands over.</summary>
    public static IEnumerable<string> NoAnswerOffers => Catalogue.Values.Select(texts => texts.NoAnswerOffer);
}
