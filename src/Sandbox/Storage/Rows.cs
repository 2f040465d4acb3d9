namespace Sandbox.Storage;

// One class per table of schema sandbox. The in-memory stores are the read side; these rows are
// what a restarted Sandbox loads them from.

public sealed class MetaNumberRow
{
    public required string PhoneNumberId { get; set; }
    public required string DisplayPhoneNumber { get; set; }
    public required string VerifiedName { get; set; }
    public required string BusinessAccountId { get; set; }
    public required string AccessToken { get; set; }
    public required string AppSecret { get; set; }
    public required string WebhookUrl { get; set; }
    /// <summary>Registration order, kept when the number is registered again: the channel list's order.</summary>
    public long Position { get; set; }
}

public sealed class TwilioAccountRow
{
    public required string AccountSid { get; set; }
    public required string AuthToken { get; set; }
    public required string FriendlyName { get; set; }
    public List<string> WhatsAppNumbers { get; set; } = [];
    public required string WebhookUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long Position { get; set; }
}

public sealed class ConversationRow
{
    public required string Provider { get; set; }
    public required string Business { get; set; }
    public required string Customer { get; set; }
    public DateTimeOffset? LastInboundAt { get; set; }
}

public sealed class MessageRow
{
    public required string MessageId { get; set; }
    public required string Provider { get; set; }
    public required string Business { get; set; }
    public required string Customer { get; set; }
    public long Sequence { get; set; }
    public required string From { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    /// <summary>The buttons or rows offered, as JSON.</summary>
    public required string Options { get; set; }
    public string? MediaUrl { get; set; }
    public string? ReplyTo { get; set; }
    public string? ReplyToPreview { get; set; }
    public required string Status { get; set; }
}

/// <summary>An uploaded file's description; its bytes are a file in the media folder.</summary>
public sealed class MediaRow
{
    public required string Id { get; set; }
    public required string Owner { get; set; }
    public required string Kind { get; set; }
    public required string MimeType { get; set; }
    public long Size { get; set; }
    public required byte[] Sha256 { get; set; }
    public string? FileName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class MetaTemplateRow
{
    public required string BusinessAccountId { get; set; }
    public required string Name { get; set; }
    public required string Language { get; set; }
    public required string Category { get; set; }
    public required string Body { get; set; }
}

public sealed class TwilioContentRow
{
    public required string ContentSid { get; set; }
    public required string AccountSid { get; set; }
    public required string FriendlyName { get; set; }
    public required string Language { get; set; }
    public required string Body { get; set; }
}

public sealed class CallRow
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Provider { get; set; }
    public required string Direction { get; set; }
    public required string Kind { get; set; }
    public required string Method { get; set; }
    public required string Url { get; set; }
    public string? BusinessNumber { get; set; }
    public string? CustomerNumber { get; set; }
    public string? MessageId { get; set; }
    public required string Auth { get; set; }
    public string? RequestBody { get; set; }
    public int ResponseStatus { get; set; }
    public string? ResponseBody { get; set; }
    public string? Error { get; set; }
    public string? UserAgent { get; set; }
}

public sealed class FaultRow
{
    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string Business { get; set; }
    public int Code { get; set; }
    public bool Late { get; set; }
}
