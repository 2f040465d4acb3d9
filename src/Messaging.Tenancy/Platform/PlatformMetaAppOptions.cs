namespace Messaging.Tenancy.Platform;

/// <summary>
/// Section <c>Channels:Meta:Platform</c>: the deployment's own Meta app, as an agency runs it. A
/// workspace then adds a number of this app's WhatsApp Business Account by its phone number id
/// alone; the platform's system-user token sends and verifies, its app secret checks the
/// webhooks. Admin, Ingest and Agent read the same section. Unset, only channels with their own
/// credentials exist.
/// </summary>
public sealed class PlatformMetaAppOptions
{
    public const string SectionName = "Channels:Meta:Platform";

    /// <summary>The app secret Meta signs the platform app's webhooks with.</summary>
    public string? AppSecret { get; set; }

    /// <summary>A system user's access token with whatsapp_business_messaging on the platform's WABA.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The platform's WhatsApp Business Account id, given to its numbers.</summary>
    public string? WabaId { get; set; }

    /// <summary>The verify token set on the platform app's webhook (callback URL) in Meta's console.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>Where the platform app's Graph API lives; unset, <c>Channels:Meta:BaseUrl</c> (the real host).</summary>
    public Uri? BaseUrl { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(AppSecret) && !string.IsNullOrEmpty(AccessToken);

    // Secrets stay out of logs and exception messages.
    public override string ToString() => $"PlatformMetaAppOptions {{ WabaId = {WabaId}, BaseUrl = {BaseUrl}, configured = {IsConfigured}, secrets redacted }}";
}
