namespace Messaging.Channels.Inbound;

/// <summary>
/// What a customer sent, the same for every provider. The lowercase name is the
/// <c>Kind</c> carried by the <c>InboundMessageReceived</c> event.
/// </summary>
public enum InboundKind
{
    Text,
    Image,
    Audio,
    Video,
    Document,
    Sticker,
    Location,
    Contacts,
    /// <summary>A tap on an interactive reply button or list row the business sent.</summary>
    Interactive,
    /// <summary>A tap on a template's quick-reply button.</summary>
    Button,
    Reaction,
    Order,
    /// <summary>A notice from WhatsApp itself, such as the customer changing number.</summary>
    System,
    /// <summary>A type the provider could not deliver or this library does not know; kept, never dropped.</summary>
    Unsupported,
}

public static class InboundKindExtensions
{
    /// <summary>The lowercase wire name, e.g. <c>interactive</c>.</summary>
    public static string ToWireName(this InboundKind kind) => kind.ToString().ToLowerInvariant();
}
