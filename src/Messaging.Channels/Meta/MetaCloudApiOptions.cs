namespace Messaging.Channels.Meta;

/// <summary>Where the Graph API lives (the real host, or the Sandbox) and which version to call.</summary>
public sealed class MetaCloudApiOptions
{
    public const string SectionName = "Channels:Meta";

    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com/");

    /// <summary>Graph API version path segment, e.g. <c>v23.0</c>.</summary>
    public string ApiVersion { get; set; } = "v23.0";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest inbound attachment downloaded (WhatsApp documents go up to 100 MB).</summary>
    public long MaxMediaBytes { get; set; } = 100L * 1024 * 1024;
}
