using Npgsql;

namespace Messaging.Tenancy.Members;

/// <summary>
/// Reads memberships straight from the tenancy schema on every check, not from a cache: a member
/// removed in Admin cannot act a moment later.
/// </summary>
internal sealed class WorkspaceMembers(NpgsqlDataSource dataSource) : IWorkspaceMembers
{
    public async Task<string?> FindRoleAsync(string workspaceId, Guid userId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(workspaceId, out var workspace))
        {
            return null;
        }
        await using var command = dataSource.CreateCommand("SELECT role FROM tenancy.workspace_members WHERE workspace_id = @workspace AND user_id = @user");
        command.Parameters.AddWithValue("workspace", workspace);
        command.Parameters.AddWithValue("user", userId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
