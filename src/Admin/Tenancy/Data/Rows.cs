namespace Admin.Tenancy.Data;

// One class per table of schema tenancy (Migrations/0001_tenancy.sql); enum-like columns hold
// TenancyCodes text, secrets hold Data Protection ciphertext (*Protected) and a display hint.

public sealed class WorkspaceRow
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string TimeZone { get; set; }
    public required string BusinessHours { get; set; }
    public required string RetentionMode { get; set; }
    public int RetentionDays { get; set; }
    public long? LowCreditThreshold { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ChannelRow : IWorkspaceResourceRow
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string Provider { get; set; }
    public string? BaseUrl { get; set; }
    public bool Enabled { get; set; }
    public string[] Allowlist { get; set; } = [];
    public string? MetaPhoneNumberId { get; set; }
    public string? MetaDisplayPhoneNumber { get; set; }
    public string? MetaWabaId { get; set; }
    public string? MetaGraphApiVersion { get; set; }
    /// <summary>The verify token's random salt and SHA-256 (Messaging.Tenancy VerifyTokenHash); the token itself is never stored.</summary>
    public byte[]? MetaVerifyTokenSalt { get; set; }
    public byte[]? MetaVerifyTokenHash { get; set; }
    /// <summary>A number of the deployment's platform Meta app: no token or secret of its own, the platform's are used.</summary>
    public bool MetaPlatformApp { get; set; }
    public string? MetaAccessTokenProtected { get; set; }
    public string? MetaAccessTokenHint { get; set; }
    public string? MetaAppSecretProtected { get; set; }
    public string? MetaAppSecretHint { get; set; }
    public string? TwilioAccountSid { get; set; }
    public string? TwilioNumber { get; set; }
    public string? TwilioAuthTokenProtected { get; set; }
    public string? TwilioAuthTokenHint { get; set; }
    /// <summary>The reply configuration this number answers with (several numbers may share one); null: it does not auto-reply.</summary>
    public Guid? ReplyConfigId { get; set; }
    public required string HealthStatus { get; set; }
    public string? HealthError { get; set; }
    public DateTimeOffset? HealthCheckedAt { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A reply configuration of a workspace, used by every channel whose reply_config_id points to it.</summary>
public sealed class ReplyConfigRow : IWorkspaceResourceRow
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public bool Enabled { get; set; }
    public int WaitSeconds { get; set; }
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ReplyRuleRow> Rules { get; set; } = [];
}

public sealed class ReplyRuleRow
{
    public Guid Id { get; set; }
    public Guid ConfigId { get; set; }
    public int Position { get; set; }
    public required string RuleId { get; set; }
    public required string Label { get; set; }
    public bool IsDefault { get; set; }
    public string? MatcherKind { get; set; }
    public string[]? Keywords { get; set; }
    public string? KeywordMode { get; set; }
    public string? IntentDescription { get; set; }
    public double? Threshold { get; set; }
    public float[]? Embedding { get; set; }
    public string? EmbeddingModel { get; set; }
    public required string ResponseKind { get; set; }
    public required string ResponseText { get; set; }
}

public sealed class PersonaRow
{
    public Guid WorkspaceId { get; set; }
    public required string Prompt { get; set; }
    public required string SafetyStatus { get; set; }
    public string? SafetyReason { get; set; }
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class KnowledgeRow : IWorkspaceResourceRow
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    public string[] Tags { get; set; } = [];
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class TemplateRow : IWorkspaceResourceRow
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string Language { get; set; }
    public required string Category { get; set; }
    public required string Body { get; set; }
    public required string Status { get; set; }
    public string? TwilioContentSid { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AiSettingsRow
{
    public Guid WorkspaceId { get; set; }
    public required string Mode { get; set; }
    public string? Endpoint { get; set; }
    public string? ChatModel { get; set; }
    public string? EmbeddingModel { get; set; }
    public string? ApiKeyProtected { get; set; }
    public string? ApiKeyHint { get; set; }
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
