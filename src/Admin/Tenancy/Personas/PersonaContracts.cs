namespace Admin.Tenancy.Personas;

public sealed record PersonaRequest(string? Prompt);

/// <summary>The classifier's verdict on the persona version named by If-Match: "approved", or "rejected" with a reason.</summary>
public sealed record PersonaSafetyRequest(string? Status, string? Reason);

public sealed record PersonaResponse(string WorkspaceId, string Prompt, string SafetyStatus, string? SafetyReason, long Version, DateTimeOffset UpdatedAt);
