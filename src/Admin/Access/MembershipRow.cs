namespace Admin.Access;

/// <summary>One user's role in one workspace (table tenancy.workspace_members).</summary>
public sealed class MembershipRow
{
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
