namespace Messaging.Tenancy.Model;

/// <summary>Everything a workspace's conversations need, read in one consistent snapshot.</summary>
public sealed record TenantWorkspace(
    string Id,
    string Name,
    string Slug,
    string TimeZone,
    IReadOnlyList<BusinessHoursRange> BusinessHours,
    RetentionPolicy Retention,
    long? LowCreditThreshold,
    WorkspacePersona? Persona,
    IReadOnlyList<KnowledgeEntry> Knowledge,
    IReadOnlyList<MessageTemplate> Templates,
    AiSettings Ai,
    IReadOnlyList<TenantChannel> Channels,
    // By channel id: the configuration each channel answers with; channels sharing one hold the same instance.
    IReadOnlyDictionary<string, ReplyConfiguration> ReplyConfigurations,
    long Version);

/// <summary>Open from <see cref="Open"/> to <see cref="Close"/> (local time of the workspace) on <see cref="Day"/>.</summary>
public sealed record BusinessHoursRange(DayOfWeek Day, TimeOnly Open, TimeOnly Close);

public sealed record RetentionPolicy(RetentionMode Mode, int Days);

/// <summary>The workspace-wide prompt; AI replies only while <see cref="Safety"/> is approved.</summary>
public sealed record WorkspacePersona(string Prompt, PersonaSafety Safety, string? SafetyReason, long Version)
{
    public bool IsApproved => Safety == PersonaSafety.Approved;
}

public sealed record KnowledgeEntry(string Id, string Title, string Content, IReadOnlyList<string> Tags);

/// <summary>A WhatsApp template; <see cref="Body"/> has positional parameters {{1}}, {{2}}...</summary>
public sealed record MessageTemplate(
    string Id,
    string Name,
    string Language,
    TemplateCategory Category,
    string Body,
    TemplateStatus Status,
    string? TwilioContentSid);

/// <summary>The workspace's AI provider; <see cref="AiMode.Offline"/> when none is configured.</summary>
public sealed record AiSettings(AiMode Mode, Uri? Endpoint, string? ChatModel, string? EmbeddingModel, string? ApiKey)
{
    public static AiSettings Offline { get; } = new(AiMode.Offline, null, null, null, null);

    public override string ToString() => $"AiSettings {{ Mode = {Mode}, Endpoint = {Endpoint}, ChatModel = {ChatModel}, EmbeddingModel = {EmbeddingModel}, ApiKey = (redacted) }}";
}
