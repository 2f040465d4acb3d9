namespace Admin.Tenancy.Knowledge;

public sealed record KnowledgeRequest(string? Title, string? Content, IReadOnlyList<string?>? Tags);

public sealed record KnowledgeResponse(string Id, string WorkspaceId, string Title, string Content, IReadOnlyList<string> Tags, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
