using System.ComponentModel.DataAnnotations;

namespace Sandbox;

/// <summary>The "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>
    /// The gateway's public URL: default webhook URLs are built from it, as the product
    /// registers them with the real providers.
    /// </summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:8080");

    /// <summary>
    /// How the product's services reach the sandbox itself, used for the media URLs put in
    /// Twilio webhooks. When unset, the address of the simulator request is used.
    /// </summary>
    public Uri? SelfBaseUrl { get; set; }

    [Required]
    public StatusCallbackOptions StatusCallbacks { get; set; } = new();

    /// <summary>How a free-form send outside the 24-hour window fails: by default as both providers usually do, accepted and then reported failed.</summary>
    public WindowClosedBehavior WindowClosed { get; set; } = WindowClosedBehavior.FailedStatus;

    /// <summary>Oldest recorded calls are dropped beyond this count.</summary>
    [Range(10, 1_000_000)]
    public int MaxRecordedCalls { get; set; } = 5_000;

    /// <summary>Largest image, audio, video or sticker a simulated customer can send (WhatsApp: 16 MB).</summary>
    [Range(1, 1024L * 1024 * 1024)]
    public long MaxMediaBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest document a simulated customer can send (WhatsApp: 100 MB).</summary>
    [Range(1, 1024L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Where uploaded attachments are kept, one file per media id; on durable storage, next to the database's backups.</summary>
    [Required]
    public string MediaDirectory { get; set; } = "media";

    public List<MetaNumberOptions> MetaNumbers { get; set; } = [];

    public List<TwilioAccountOptions> TwilioAccounts { get; set; } = [];
}

/// <summary>Delays between the statuses the sandbox reports after an accepted send.</summary>
public sealed class StatusCallbackOptions
{
    /// <summary>From the accepted send to the "sent" status.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SentDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>From "sent" to "delivered".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DeliveredDelay { get; set; } = TimeSpan.FromMilliseconds(700);

    /// <summary>From "delivered" to "read".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReadDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Attempts per callback before it is given up (and logged).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles on each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Callbacks being delivered at the same time.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrency { get; set; } = 32;
}

public enum WindowClosedBehavior
{
    /// <summary>The send request itself fails with the provider's window error (Meta 131047, Twilio 63016).</summary>
    RejectRequest,

    /// <summary>
    /// The send is accepted and a "failed" status callback carries the window error, which is
    /// how both providers report it in production.
    /// </summary>
    FailedStatus,
}

/// <summary>An emulated WhatsApp Cloud API phone number.</summary>
public sealed class MetaNumberOptions
{
    [Required, RegularExpression("^[0-9]{1,20}$", ErrorMessage = "PhoneNumberId must be digits.")]
    public string PhoneNumberId { get; set; } = "";

    /// <summary>E.164, e.g. "+15550001111".</summary>
    [Required, RegularExpression(@"^\+?[0-9][0-9 \-]{5,20}$", ErrorMessage = "DisplayPhoneNumber must be a phone number.")]
    public string DisplayPhoneNumber { get; set; } = "";

    [Required]
    public string VerifiedName { get; set; } = "Sandbox Business";

    [RegularExpression("^[0-9]{1,20}$", ErrorMessage = "BusinessAccountId must be digits.")]
    public string? BusinessAccountId { get; set; }

    [Required, MinLength(8)]
    public string AccessToken { get; set; } = "";

    [Required, MinLength(8)]
    public string AppSecret { get; set; } = "";

    /// <summary>Defaults to {PublicBaseUrl}/webhooks/whatsapp.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Approved templates of the number's business account.</summary>
    public List<MetaTemplateOptions> Templates { get; set; } = [];
}

/// <summary>An emulated Twilio account with its WhatsApp senders.</summary>
public sealed class TwilioAccountOptions
{
    [Required, RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "AccountSid must be AC followed by 32 hex digits.")]
    public string AccountSid { get; set; } = "";

    [Required, MinLength(8)]
    public string AuthToken { get; set; } = "";

    public string FriendlyName { get; set; } = "Sandbox account";

    /// <summary>E.164 WhatsApp senders, e.g. "+14155238886".</summary>
    [MinLength(1)]
    public List<string> WhatsAppNumbers { get; set; } = [];

    /// <summary>Defaults to {PublicBaseUrl}/webhooks/twilio/whatsapp.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Approved Content templates of the account.</summary>
    public List<TwilioContentOptions> Contents { get; set; } = [];
}

/// <summary>An approved template of a Meta number's business account (<c>Sandbox:MetaNumbers:N:Templates</c>, or PUT /sandbox/api/templates/meta/...).</summary>
public sealed class MetaTemplateOptions
{
    [Required, RegularExpression("^[a-z0-9_]{1,512}$", ErrorMessage = "Name must be lower-case letters, digits and underscores.")]
    public string Name { get; set; } = "";

    [Required, RegularExpression("^[a-z]{2,3}(_[A-Z]{2})?$", ErrorMessage = "Language must be a code such as en or pt_BR.")]
    public string Language { get; set; } = "en";

    [Required, RegularExpression("^(?i:marketing|utility|authentication)$", ErrorMessage = "Category must be marketing, utility or authentication.")]
    public string Category { get; set; } = "utility";

    /// <summary>The text, with <c>{{1}}</c>, <c>{{2}}</c>... where the send's values go.</summary>
    [Required, StringLength(1024, MinimumLength = 1)]
    public string Body { get; set; } = "";
}

/// <summary>An approved Twilio Content template of an account (<c>Sandbox:TwilioAccounts:N:Contents</c>, or PUT /sandbox/api/templates/twilio/...).</summary>
public sealed class TwilioContentOptions
{
    [Required, RegularExpression("^HX[0-9a-fA-F]{32}$", ErrorMessage = "ContentSid must be HX followed by 32 hex digits.")]
    public string ContentSid { get; set; } = "";

    [Required]
    public string FriendlyName { get; set; } = "";

    [Required, RegularExpression("^[a-z]{2,3}(_[A-Z]{2})?$", ErrorMessage = "Language must be a code such as en or pt_BR.")]
    public string Language { get; set; } = "en";

    [Required, StringLength(1600, MinimumLength = 1)]
    public string Body { get; set; } = "";
}
