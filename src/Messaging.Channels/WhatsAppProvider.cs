namespace Messaging.Channels;

/// <summary>The two ways a WhatsApp number is connected.</summary>
public enum WhatsAppProvider
{
    /// <summary>Meta's WhatsApp Cloud API (Graph API).</summary>
    Meta,
    Twilio,
}
