namespace Messaging.Channels.Twilio;

/// <summary>Where Twilio's REST API lives: the real host, or the Sandbox.</summary>
public sealed class TwilioApiOptions
{
    public const string SectionName = "Channels:Twilio";

    public Uri BaseUrl { get; set; } = new("https://api.twilio.com/");

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest inbound attachment downloaded (Twilio accepts up to 16 MB on WhatsApp).</summary>
    public long MaxMediaBytes { get; set; } = 16L * 1024 * 1024;
}
