using Microsoft.EntityFrameworkCore;

namespace Agent.Conversations;

/// <summary>Reads and saves <see cref="WorkspacePolicy"/>; a workspace without one has no fallback message and serves English.</summary>
public sealed class WorkspacePolicies(AgentDbContext db, TimeProvider time)
{
    public static readonly string[] DefaultLanguages = ["en"];

    public async Task<WorkspacePolicy> GetAsync(string workspaceId, CancellationToken cancellationToken) =>
        await db.WorkspacePolicies.AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken)
        ?? Default(workspaceId);

    /// <summary>The policy of a workspace that saved none.</summary>
    public static WorkspacePolicy Default(string workspaceId) =>
        new() { WorkspaceId = workspaceId, Languages = DefaultLanguages, UpdatedAt = DateTimeOffset.MinValue };

    public async Task<WorkspacePolicy> SaveAsync(string workspaceId, string? fallbackMessage, string[] languages, CancellationToken cancellationToken)
    {
        var policy = await db.WorkspacePolicies.SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        if (policy is null)
        {
            policy = new WorkspacePolicy { WorkspaceId = workspaceId, Languages = languages };
            db.WorkspacePolicies.Add(policy);
        }
        policy.FallbackMessage = fallbackMessage;
        policy.Languages = languages;
        policy.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }
}
