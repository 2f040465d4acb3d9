namespace Admin.Tenancy.Templates;

/// <summary>
/// A WhatsApp template as approved by the provider: name (lowercase, digits, '_'), language
/// ("en", "en_US"), category ("marketing" | "utility" | "authentication"), body with {{1}}, {{2}}...
/// status ("pending" | "approved" | "rejected"), and for Twilio channels the Content SID (HX...).
/// </summary>
public sealed record TemplateRequest(string? Name, string? Language, string? Category, string? Body, string? Status, string? TwilioContentSid);

public sealed record TemplateResponse(
    string Id,
    string WorkspaceId,
    string Name,
    string Language,
    string Category,
    string Body,
    int ParameterCount,
    string Status,
    string? TwilioContentSid,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
