using Messaging.Tenancy.Model;

namespace Admin.Tenancy.Workspaces;

public sealed record WorkspaceRequest(
    string? Name,
    string? Slug,
    string? TimeZone,
    IReadOnlyList<BusinessHoursRequest>? BusinessHours,
    long? LowCreditThreshold);

/// <summary>day: monday..sunday; open and close: "HH:mm" local time of the workspace.</summary>
public sealed record BusinessHoursRequest(string? Day, string? Open, string? Close);

public sealed record RetentionRequest(string? Mode, int? Days);

public sealed record WorkspaceResponse(
    string Id,
    string Name,
    string Slug,
    string TimeZone,
    IReadOnlyList<BusinessHoursJson.StoredRange> BusinessHours,
    RetentionResponse Retention,
    long? LowCreditThreshold,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record RetentionResponse(string Mode, int Days);
