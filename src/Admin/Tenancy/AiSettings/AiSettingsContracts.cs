using Admin.Tenancy.Channels;

namespace Admin.Tenancy.AiSettings;

/// <summary>
/// mode "offline" (the embedded local responder and embeddings) or "open_ai" (any
/// OpenAI-compatible endpoint: endpoint and chatModel required, apiKey optional for local
/// servers; null apiKey on update keeps the stored one).
/// </summary>
public sealed record AiSettingsRequest(string? Mode, string? Endpoint, string? ChatModel, string? EmbeddingModel, string? ApiKey)
{
    public override string ToString() => $"AiSettingsRequest {{ Mode = {Mode}, Endpoint = {Endpoint}, ChatModel = {ChatModel}, EmbeddingModel = {EmbeddingModel}, ApiKey = (redacted) }}";
}

public sealed record AiSettingsResponse(string WorkspaceId, string Mode, string? Endpoint, string? ChatModel, string? EmbeddingModel, SecretStatus ApiKey, long Version, DateTimeOffset UpdatedAt);
