namespace Admin.Access;

/// <summary>
/// An owner's invitation of an email address to a workspace (table tenancy.invitations). Only the
/// SHA-256 of the token is kept: the link in the email is the one way to accept it.
/// </summary>
public sealed class InvitationRow
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string TokenHash { get; set; }
    public Guid InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
