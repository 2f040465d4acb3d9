namespace Messaging.Tenancy.Members;

/// <summary>Who may act in a workspace: the members Admin keeps in <c>tenancy.workspace_members</c>.</summary>
public interface IWorkspaceMembers
{
    /// <summary>The user's role in the workspace (<see cref="WorkspaceRoles"/>), or null when the user is not a member or the workspace does not exist.</summary>
    Task<string?> FindRoleAsync(string workspaceId, Guid userId, CancellationToken cancellationToken);
}
